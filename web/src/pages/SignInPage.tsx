import { useState } from 'react';
import { Alert, Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { messageOf } from '../api/client';
import { startAmazonLogin } from '../lib/login';

export function SignInPage({ error }: { error?: string }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(error);
  const signIn = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await startAmazonLogin();
    } catch (err) {
      setFailure(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" maw={440} w="100%" component="main">
        <Stack>
          <Title order={1} size="h2">
            RecomAMP
          </Title>
          <Text>Write, run and schedule Amazon Marketing Cloud queries. Sign in with your Amazon Ads account.</Text>
          {failure && (
            <Alert color="red" title="Sign-in failed" role="alert">
              {failure}
            </Alert>
          )}
          <Button size="md" onClick={signIn} loading={busy}>
            Sign in with Amazon
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
