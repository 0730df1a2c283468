import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App';
import { ApiError, messageOf } from './api/client';
import { consumeAuthCallback } from './lib/auth-callback';
import { cspNonce } from './lib/runtime-config';

const theme = createTheme({
  primaryColor: 'indigo',
  autoContrast: true, // readable text on every filled badge and button
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});

/** Nothing fails silently: a failed load is a notification (forms also show their errors by the fields). */
const report = (err: unknown) => {
  if (err instanceof ApiError && err.status === 401) return; // the sign-in page takes over
  notifications.show({ color: 'red', title: 'Request failed', message: messageOf(err), autoClose: 8000 });
};

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: report }),
  mutationCache: new MutationCache({
    // Field errors are shown by their fields; the rest (conflicts, AMC down…) here.
    onError: (err) => (err instanceof ApiError && Object.keys(err.fields).length > 0 ? undefined : report(err)),
  }),
  defaultOptions: {
    queries: { retry: (n, err) => n < 2 && !(err instanceof ApiError && err.status < 500), staleTime: 5_000 },
  },
});

const signInError = consumeAuthCallback();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} getStyleNonce={() => cspNonce}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <App signInError={signInError} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
