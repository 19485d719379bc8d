package org.mptcpgw.gateway.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP endpoint: {@code /metrics} (Prometheus text format), {@code /health} (liveness: the agents run) and
 * {@code /ready} (readiness: rings mapped, next hops resolved). Runs on its own single thread, never on a worker.
 */
public final class MetricsServer implements AutoCloseable
{
    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * Start serving.
     *
     * @param host     address to bind (loopback by default).
     * @param port     port to bind (0 for any).
     * @param registry the Prometheus registry to scrape.
     * @param health   null when alive, else one line saying what is not.
     * @param ready    null when ready, else one line saying what is missing.
     * @throws IOException if the address cannot be bound.
     */
    public MetricsServer(
        final String host,
        final int port,
        final PrometheusMeterRegistry registry,
        final Supplier<String> health,
        final Supplier<String> ready) throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        executor = Executors.newSingleThreadExecutor((r) ->
        {
            final Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", (exchange) ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health", (exchange) -> status(exchange, health.get(), "alive"));
        server.createContext("/ready", (exchange) -> status(exchange, ready.get(), "ready"));
        server.start();
    }

    /**
     * @return the bound port.
     */
    public int port()
    {
        return server.getAddress().getPort();
    }

    private static void status(final HttpExchange exchange, final String problem, final String okText)
        throws IOException
    {
        if (null == problem)
        {
            respond(exchange, 200, "text/plain; charset=utf-8", okText + "\n");
        }
        else
        {
            respond(exchange, 503, "text/plain; charset=utf-8", problem + "\n");
        }
    }

    private static void respond(final HttpExchange exchange, final int code, final String type, final String body)
        throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }

    /**
     * Stop serving.
     */
    @Override
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
    }
}
