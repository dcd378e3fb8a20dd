package org.gnc.spark.data;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.gnc.data.FileSource;

/**
 * Opens data files through Hadoop's FileSystem: local paths (always on the local file system, whatever
 * the configuration's default) and any URI whose scheme the Hadoop configuration knows (hdfs://,
 * s3a://, file:, ...). Used on the driver only, before Spark starts.
 */
public final class HadoopFileSource implements FileSource {
    private final Configuration conf;

    /** A source reading with this Hadoop configuration (not copied; do not change it afterwards). */
    public HadoopFileSource(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public InputStream open(String location) throws IOException {
        Path p = new Path(FileSource.uri(location));
        return p.getFileSystem(conf).open(p);
    }
}
