package org.gnc.smc;

/** One unit of SMC work, a Spark task: replicate {@code replicate} of checkpoint {@code checkpoint} of a cell. */
public record SmcTask(String cellId, int checkpoint, int replicate) implements java.io.Serializable {
}
