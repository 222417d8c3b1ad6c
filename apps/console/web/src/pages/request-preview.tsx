import { useEffect, useState } from 'react';
import { api } from '../api';

export interface TestResult {
  dry_run: boolean;
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  response: { status: number | null; body: string; duration_ms: number; error: string | null } | null;
  success: boolean | null;
}

/** A dry run's or a test-fire's exact request (credentials redacted), and the response if sent. */
export function TestResultView({ result, live = true }: { result: TestResult; live?: boolean }) {
  return (
    <div className="test-result" role={live ? 'status' : undefined}>
      <p>
        <strong>{result.dry_run ? 'Dry run: rendered request' : 'Sent'}</strong>
        {result.success !== null && <> · {result.success ? 'success' : 'failure'}</>}
      </p>
      <pre>
        {result.request.method} {result.request.url}
        {'\n'}
        {Object.entries(result.request.headers)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n')}
        {result.request.body ? `\n\n${result.request.body}` : ''}
      </pre>
      {result.response && (
        <pre>
          {result.response.error ?? `HTTP ${result.response.status} in ${result.response.duration_ms} ms`}
          {'\n'}
          {result.response.body}
        </pre>
      )}
    </div>
  );
}

/**
 * The request the endpoint being typed would send for the sample decision, rendered by delivery
 * itself (`POST /v1/endpoints/preview`, nothing stored or sent), refreshed as the user types.
 */
export function RequestPreview({ body }: { body: Record<string, unknown> }) {
  const [result, setResult] = useState<TestResult>();
  const [problem, setProblem] = useState<string>();
  const key = JSON.stringify(body);
  useEffect(() => {
    const timer = setTimeout(() => {
      api.post<TestResult>('delivery', '/v1/endpoints/preview', body).then(
        (rendered) => {
          setResult(rendered);
          setProblem(undefined);
        },
        (e: Error) => setProblem(e.message),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [key]);
  return (
    <section className="preview" aria-label="Rendered request for a sample decision">
      <h3>Rendered request for a sample decision</h3>
      {problem ? (
        <p className="muted">Not renderable yet: {problem}</p>
      ) : (
        result && <TestResultView result={result} live={false} />
      )}
    </section>
  );
}
