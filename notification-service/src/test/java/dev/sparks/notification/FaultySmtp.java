package dev.sparks.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An SMTP relay in front of GreenMail that a test can make misbehave: refuse the mails whose
 * content contains a marker with a reply of its choosing ("451 …" for now, "550 …" for good), or be
 * down altogether (connections refused) and come back on the same port. Everything else passes
 * through to GreenMail unchanged, so accepted mails land in its mailbox as before.
 */
public final class FaultySmtp implements AutoCloseable {

    private final int upstreamPort;
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private volatile int port;
    private volatile ServerSocket server;

    private FaultySmtp(int upstreamPort) {
        this.upstreamPort = upstreamPort;
    }

    public static FaultySmtp inFrontOf(int upstreamPort) {
        FaultySmtp smtp = new FaultySmtp(upstreamPort);
        smtp.up();
        return smtp;
    }

    public int port() {
        return port;
    }

    /** Every mail containing {@code marker} (say, in its subject) is answered {@code reply} until {@link #accept}. */
    public void refuse(String marker, String reply) {
        refusals.put(marker, reply);
    }

    public void accept(String marker) {
        refusals.remove(marker);
    }

    /** Connections are refused until {@link #up()}. */
    public synchronized void down() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Listens again, on the same port as before. */
    public synchronized void up() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            port = socket.getLocalPort();
            server = socket;
            Thread.ofVirtual().name("faulty-smtp").start(() -> acceptAll(socket));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        down();
    }

    private void acceptAll(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread.ofVirtual().start(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket clientSocket) {
        try (Socket client = clientSocket; Socket upstream = new Socket("127.0.0.1", upstreamPort)) {
            Line fromClient = new Line(client);
            Line toServer = new Line(upstream);
            fromClient.write(toServer.readReply());
            String command;
            while ((command = fromClient.in.readLine()) != null) {
                if (command.equalsIgnoreCase("DATA")) {
                    data(fromClient, toServer);
                    continue;
                }
                toServer.write(command + "\r\n");
                fromClient.write(toServer.readReply());
                if (command.equalsIgnoreCase("QUIT")) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client hung up or GreenMail stopped: the client sees a broken connection, as with a real server.
        }
    }

    /** The content is read in full before it is judged, so a refused mail never reaches GreenMail. */
    private void data(Line fromClient, Line toServer) throws IOException {
        fromClient.write("354 End data with <CR><LF>.<CR><LF>\r\n");
        List<String> lines = new ArrayList<>();
        for (String line = fromClient.in.readLine(); line != null && !line.equals("."); line = fromClient.in.readLine()) {
            lines.add(line);
        }
        String content = String.join("\n", lines);
        String refusal = refusals.entrySet().stream().filter(rule -> content.contains(rule.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (refusal != null) {
            fromClient.write(refusal + "\r\n");
            toServer.write("RSET\r\n");
            toServer.readReply();
            return;
        }
        toServer.write("DATA\r\n");
        toServer.readReply();
        for (String line : lines) {
            toServer.write(line + "\r\n");
        }
        toServer.write(".\r\n");
        fromClient.write(toServer.readReply());
    }

    /** One side of the relay; ISO-8859-1 passes every byte through unchanged. */
    private static final class Line {

        private final BufferedReader in;
        private final Writer out;

        Line(Socket socket) throws IOException {
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            this.out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.ISO_8859_1);
        }

        void write(String text) throws IOException {
            out.write(text);
            out.flush();
        }

        /** A reply, all its lines: "250-…" continues, "250 …" ends it. */
        String readReply() throws IOException {
            StringBuilder reply = new StringBuilder();
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("Connection closed");
                }
                reply.append(line).append("\r\n");
            } while (line.length() > 3 && line.charAt(3) == '-');
            return reply.toString();
        }
    }
}
