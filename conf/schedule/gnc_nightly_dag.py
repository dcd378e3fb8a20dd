"""Airflow DAG example: one gnc nightly a day on a YARN cluster, through spark-submit.

Documented text for users of Airflow 2.x; gnc's tests do not run Airflow. Copy it to your DAG
folder, set GNC_HOME (a gnc checkout with spark-jobs/target/gnc.jar built) and the output root.

spark-submit runs gnc's main class with the shaded application jar (Spark is provided by the
cluster). `nightly` exits 4 when some cell moved beyond its interval since the previous night,
which fails the task so the change is noticed; exit 3 means another nightly holds the lock.
The night's date is Airflow's logical date, so a re-run of a day (after a failure) resumes that
night's sweep from its checkpoint instead of starting again.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

GNC_HOME = "/opt/gnc"
OUTPUT_ROOT = "hdfs:///user/gnc/nightly"

with DAG(
    dag_id="gnc_nightly",
    schedule="30 1 * * *",
    start_date=datetime(2026, 12, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
) as dag:
    BashOperator(
        task_id="nightly_sweep",
        bash_command=(
            "$SPARK_HOME/bin/spark-submit --master yarn --deploy-mode client "
            "--num-executors 16 --executor-cores 4 --executor-memory 4g "
            "--conf spark.executorEnv.OMP_NUM_THREADS=1 "
            f"--class org.gnc.cli.Gnc {GNC_HOME}/spark-jobs/target/gnc.jar "
            f"nightly {GNC_HOME}/conf/nightly.conf --out {OUTPUT_ROOT} --date {{{{ ds }}}}"
        ),
    )
