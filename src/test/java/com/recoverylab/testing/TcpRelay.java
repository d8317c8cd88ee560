package com.recoverylab.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 in front of a server (the shared PostgreSQL), which a test can cut
 * (every connection dropped, new ones refused) and restore on the same port: a database outage
 * without touching the database.
 */
public final class TcpRelay implements AutoCloseable {
  private final InetSocketAddress target;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final int port;
  private volatile ServerSocket listener;

  public TcpRelay(String host, int targetPort) throws IOException {
    this.target = new InetSocketAddress(host, targetPort);
    ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.port = first.getLocalPort();
    listen(first);
  }

  public int port() {
    return port;
  }

  /** Drops every relayed connection and refuses new ones. */
  public synchronized void cut() throws IOException {
    listener.close();
    for (Socket socket : open) {
      socket.close();
    }
    open.clear();
  }

  /** Accepts connections again on the same port. */
  public synchronized void restore() throws IOException {
    ServerSocket again = new ServerSocket();
    again.setReuseAddress(true);
    again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    listen(again);
  }

  private void listen(ServerSocket socket) {
    listener = socket;
    Thread accept =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket client = socket.accept();
                  Socket server = new Socket(target.getAddress(), target.getPort());
                  open.add(client);
                  open.add(server);
                  pump(client, server);
                  pump(server, client);
                } catch (IOException e) {
                  // closed by cut() or close()
                }
              }
            },
            "tcp-relay-accept");
    accept.setDaemon(true);
    accept.start();
  }

  private static void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // one side closed
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException ignored) {
                  // already closed
                }
              }
            },
            "tcp-relay-pump");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
