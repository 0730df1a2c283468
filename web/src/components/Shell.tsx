/** The page frame: navigation, the signed-in user with the Amazon connection state, sign out. */
import type { ReactNode } from 'react';
import { Alert, AppShell, Badge, Burger, Button, Group, Menu, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { api, unwrap } from '../api/client';
import { getSession, setSession } from '../api/session';
import { startAmazonLogin } from '../lib/login';

const NAV: [string, string][] = [
  ['/queries', 'Queries'],
  ['/templates', 'Templates'],
  ['/data-sources', 'Data sources'],
  ['/runs', 'Runs'],
  ['/collections', 'Collections'],
  ['/schedules', 'Schedules'],
  ['/instances', 'Instances'],
  ['/webhooks', 'Webhooks'],
];

export function useCurrentUser() {
  return useQuery({ queryKey: ['user'], queryFn: () => unwrap(api.GET('/api/auth/user')), staleTime: 60_000 });
}

async function signOut() {
  const refreshToken = getSession()?.refreshToken;
  // The session ends here whatever the API answers; the refresh token is revoked when it can be.
  await api.POST('/api/auth/logout', { body: { refreshToken } }).catch(() => undefined);
  setSession(null);
}

function AmazonConnection() {
  const user = useCurrentUser().data;
  if (!user) return null;
  if (user.amazonConnected) {
    return (
      <Badge color="green" variant="light" title={`Amazon token expires ${user.amazonTokenExpiresAt ?? 'unknown'}`}>
        Amazon connected
      </Badge>
    );
  }
  return (
    <Group gap="xs">
      <Badge color="red">Amazon disconnected</Badge>
      <Button size="xs" color="red" variant="light" onClick={() => void startAmazonLogin()}>
        Reconnect
      </Button>
    </Group>
  );
}

function UserMenu() {
  const user = useCurrentUser().data;
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <UnstyledButton aria-label="Account menu">
          <Text size="sm" fw={500}>
            {user?.name ?? user?.email ?? 'Account'}
          </Text>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        {user?.email && <Menu.Label>{user.email}</Menu.Label>}
        <Menu.Item onClick={() => void startAmazonLogin()}>Reconnect Amazon</Menu.Item>
        <Menu.Item color="red" onClick={() => void signOut()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const [location] = useLocation();
  const user = useCurrentUser().data;
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} component={Link} href="/queries">
              RecomAMP
            </Text>
          </Group>
          <Group gap="md" wrap="nowrap">
            <AmazonConnection />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {NAV.map(([href, label]) => (
          <NavLink
            key={href}
            component={Link}
            href={href}
            label={label}
            active={location === href || location.startsWith(`${href}/`)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {user && !user.amazonConnected && (
          <Alert color="red" mb="md" title="Amazon needs your consent again" role="alert">
            {user.amazonConnectionError ?? 'Your Amazon connection has ended.'} Schedules and collections wait until you
            reconnect.{' '}
            <Button size="xs" ml="sm" onClick={() => void startAmazonLogin()}>
              Reconnect Amazon
            </Button>
          </Alert>
        )}
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
