/** Downloads through the API with the bearer token (a plain link cannot carry it): fetch → blob → save. */
import { ApiError, authFetch } from '../api/client';

export async function downloadFile(path: string, filename: string, accept: string): Promise<void> {
  const res = await authFetch(new Request(path, { headers: { accept } }));
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => undefined));
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
