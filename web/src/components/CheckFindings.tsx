/**
 * Findings about the SQL as a list beside the editor's underlines: the pre-flight check's (live) and a save's
 * `warnings`. Each names its code, severity and place; a click moves the editor's cursor there.
 */
import { Anchor, Badge, Group, List, Loader, Text } from '@mantine/core';
import type { SqlFinding } from './SqlEditor';

export function CheckFindings({
  items,
  onJump,
  testId,
  label,
}: {
  items: SqlFinding[];
  onJump: (line: number, column: number) => void;
  testId: string;
  label: string;
}) {
  return (
    <List spacing={4} size="sm" listStyleType="none" aria-label={label} data-testid={testId}>
      {items.map((f, i) => (
        <List.Item key={`${f.code}-${f.line ?? 0}-${f.column ?? 0}-${i}`} data-code={f.code} data-severity={f.severity}>
          <Group gap={6} wrap="nowrap" align="start">
            <Badge
              size="sm"
              color={f.severity === 'error' ? 'red' : 'yellow'}
              variant="light"
              style={{ flexShrink: 0 }}
            >
              {f.severity}
            </Badge>
            <Text size="sm">
              <Text span ff="monospace" size="xs" fw={600}>
                {f.code}
              </Text>{' '}
              {f.message}
              {f.suggestion && (
                <Text span c="dimmed" size="sm">
                  {' '}
                  — {f.suggestion}
                </Text>
              )}
              {f.line != null && (
                <>
                  {' '}
                  <Anchor component="button" type="button" size="sm" onClick={() => onJump(f.line!, f.column ?? 1)}>
                    line {f.line}
                    {f.column != null && `, column ${f.column}`}
                  </Anchor>
                </>
              )}
            </Text>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

/** The live check's state in one line: checking, no problems, or how many of each. */
export function CheckSummary({ checking, items, failed }: { checking: boolean; items: SqlFinding[]; failed: boolean }) {
  const errors = items.filter((f) => f.severity === 'error').length;
  const warnings = items.length - errors;
  return (
    <Group gap={6} role="status" data-testid="check-summary" aria-live="polite">
      {checking && <Loader size={12} aria-label="Checking" />}
      <Text size="xs" c={errors > 0 ? 'red.8' : warnings > 0 ? 'yellow.9' : 'dimmed'}>
        {failed
          ? 'Pre-flight check unavailable'
          : errors + warnings === 0
            ? checking
              ? 'Checking…'
              : 'Pre-flight check: no problems found'
            : `Pre-flight check: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`}
      </Text>
    </Group>
  );
}
