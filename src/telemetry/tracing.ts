import type { Attributes, Span, Tracer } from '@opentelemetry/api';

/**
 * OpenTelemetry traces, exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set; without it nothing is loaded and `inSpan` simply
 * runs its work. Spans: `HTTP <method>` → `graphql` → `db <operation>`. Attributes are route
 * names, operation labels, status codes and SQL verbs: never a path, a variable, a value or SQL text.
 */
interface Tracing {
  api: typeof import('@opentelemetry/api');
  tracer: Tracer;
  shutdown(): Promise<void>;
}

let tracing: Tracing | null = null;

export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Starts exporting traces if configured; resolves with whether it did. */
export async function startTracing(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (tracing || !tracingConfigured(env)) return tracing !== null;
  const api = await import('@opentelemetry/api');
  const { BatchSpanProcessor, TracerProvider } = await import('@opentelemetry/sdk-trace');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || 'onetable' }),
    // The exporter reads the OTEL_EXPORTER_OTLP_* variables itself (endpoint, headers, timeout).
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.trace.setGlobalTracerProvider(provider);
  tracing = {
    api,
    tracer: provider.getTracer('onetable'),
    shutdown: async () => {
      await provider.shutdown();
      api.trace.disable();
      api.context.disable();
    },
  };
  return true;
}

/** Sends the spans still buffered and stops tracing (on shutdown). */
export async function stopTracing(): Promise<void> {
  const running = tracing;
  tracing = null;
  await running?.shutdown();
}

/** Runs `work` in a child span of the current one when tracing runs; else just runs it. */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span | undefined) => Promise<T>,
  kind: 'server' | 'internal' | 'client' = 'internal',
): Promise<T> {
  if (!tracing) return work(undefined);
  const { api, tracer } = tracing;
  const spanKind = {
    server: api.SpanKind.SERVER,
    internal: api.SpanKind.INTERNAL,
    client: api.SpanKind.CLIENT,
  }[kind];
  return tracer.startActiveSpan(name, { attributes, kind: spanKind }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.setStatus({
        code: api.SpanStatusCode.ERROR,
        message: error instanceof Error ? error.name : 'error',
      });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Sets an attribute on the active span, if tracing runs. */
export function annotate(key: string, value: string | number): void {
  tracing?.api.trace.getActiveSpan()?.setAttribute(key, value);
}

export function isTracing(): boolean {
  return tracing !== null;
}
