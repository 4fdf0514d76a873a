package io.vkv.node.mqtt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets for Paho, with Nagle's algorithm off and input buffered. Paho leaves Nagle on,
 * and small QoS 1 publishes then wait for the broker's delayed ACK: tens of milliseconds of
 * replication lag at low rates. Paho also reads each packet's header a byte at a time from the
 * socket, a system call per byte; buffered, the PUBACKs of a burst of batches take one read.
 */
public final class BrokerSocketFactory extends SocketFactory {

    private static final int INPUT_BUFFER = 64 * 1024;

    @Override
    public Socket createSocket() throws IOException {
        Socket s = new BufferedSocket();
        s.setTcpNoDelay(true);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(localHost, localPort), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        Socket s = createSocket();
        try {
            if (local != null) {
                s.bind(local);
            }
            s.connect(remote);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** A socket whose input stream is buffered; Paho asks for the stream once per connection. */
    private static final class BufferedSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BufferedInputStream(super.getInputStream(), INPUT_BUFFER);
            }
            return in;
        }
    }
}
