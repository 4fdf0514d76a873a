package io.vkv.sim.history;

/** What an operation of the history did. */
public enum OpType {
    GET, PUT, DELETE;

    /** True for puts and deletes: the operations that create siblings. */
    public boolean writes() {
        return this != GET;
    }
}
