package io.kubecanvas.remote;

/**
 * A failure talking to a cluster, worded for the user: which context, what failed, what to do. The message
 * never holds a credential.
 */
public final class RemoteException extends Exception {
    public RemoteException(String message) {
        super(message);
    }

    public RemoteException(String message, Throwable cause) {
        super(message, cause);
    }
}
