package io.vkv.client;

/**
 * A batch stream (putMany, deleteMany, getMany) failed part way: the first {@link #acknowledged()}
 * requests were answered, the rest may or may not have been applied. The cause says why.
 */
public class BatchFailedException extends VkvException {

    private final int acknowledged;

    public BatchFailedException(VkvException cause, int acknowledged) {
        super(cause.getMessage(), cause);
        this.acknowledged = acknowledged;
    }

    /** Requests answered before the failure, counted from the start of the batch. */
    public int acknowledged() {
        return acknowledged;
    }

    /** The failure itself (InvalidRequestException, UnavailableException, ...). */
    @Override
    public synchronized VkvException getCause() {
        return (VkvException) super.getCause();
    }
}
