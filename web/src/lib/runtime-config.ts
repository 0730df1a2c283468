/** Values the API writes into index.html when it serves it (api/console.ts): the CSP nonce and the Temporal UI. */
const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? '';

/** The nonce Vite's `<meta property="csp-nonce">` carries (the attribute is hidden; the property is not). */
export const cspNonce: string = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';

const temporalUi = meta('recomamp-temporal-ui').startsWith('http') ? meta('recomamp-temporal-ui') : '';
const namespace = meta('recomamp-temporal-namespace').startsWith('__')
  ? 'default'
  : meta('recomamp-temporal-namespace');

/** The Temporal Web UI page of a workflow, or undefined when the API did not say where the UI is. */
export function temporalWorkflowUrl(workflowId: string): string | undefined {
  if (!temporalUi) return undefined;
  return `${temporalUi.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace || 'default')}/workflows/${encodeURIComponent(workflowId)}`;
}
