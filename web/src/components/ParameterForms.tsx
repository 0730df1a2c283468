/**
 * Parameter declarations (how the SQL uses each, type, required, default) and the typed form of values for a run.
 * `{{x}}` is rendered into the SQL by RecomAMP; AMC-native `CUSTOM_PARAMETER('x')` stays in it and its value goes
 * to AMC with the run (both declared in the one `parameters` map).
 */
import { useEffect, useState } from 'react';
import { Badge, Checkbox, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import {
  PARAMETER_TYPES,
  type ParameterDefinition,
  type ParameterType,
  formatValue,
  parseValue,
} from '../lib/parameters';

/** A default typed as text and kept as the type's JSON value (a list's "a, b" → ["a", "b"]). */
function DefaultInput({
  name,
  def,
  onChange,
}: {
  name: string;
  def: ParameterDefinition;
  onChange: (value: unknown) => void;
}) {
  const [text, setText] = useState(formatValue(def.default));
  // Another type re-reads the text as that type (not on mount: loading a query changes nothing).
  const [type, setType] = useState(def.type);
  useEffect(() => {
    if (def.type === type) return;
    setType(def.type);
    if (text.trim() !== '') onChange(parseValue(def.type, text));
  }, [def.type]);
  return (
    <TextInput
      aria-label={`Default of ${name}`}
      size="xs"
      placeholder={def.type.endsWith('_list') ? 'a, b' : def.type === 'date' ? 'yyyy-MM-dd' : undefined}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        onChange(parseValue(def.type, e.currentTarget.value));
      }}
    />
  );
}

const STYLE_LABEL = {
  placeholder: ['{{ }}', 'rendered into the SQL by RecomAMP before it goes to AMC'],
  custom: ['CUSTOM_PARAMETER', 'AMC-native: stays in the SQL; its value goes to AMC with the run'],
} as const;

export function ParameterDeclarations({
  parameters,
  styles,
  onChange,
  errors,
}: {
  parameters: Record<string, ParameterDefinition>;
  /** How the SQL uses each parameter. */
  styles: Record<string, 'placeholder' | 'custom'>;
  onChange: (next: Record<string, ParameterDefinition>) => void;
  errors: Record<string, string>;
}) {
  const names = Object.keys(parameters);
  if (names.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No parameters: use {'{{name}}'} or CUSTOM_PARAMETER('name') in the SQL to add one.
      </Text>
    );
  const set = (name: string, patch: Partial<ParameterDefinition>) =>
    onChange({ ...parameters, [name]: { ...parameters[name]!, ...patch } });
  return (
    <Table aria-label="Parameter declarations" fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Parameter</Table.Th>
          <Table.Th>Used as</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Required</Table.Th>
          <Table.Th>Default</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {names.map((name) => {
          const def = parameters[name]!;
          const style = STYLE_LABEL[styles[name] ?? 'placeholder'];
          return (
            <Table.Tr key={name} data-style={styles[name]}>
              <Table.Td>
                <Text ff="monospace" size="sm">
                  {name}
                </Text>
                {errors[`parameters.${name}`] && (
                  <Text size="xs" c="red.8" role="alert">
                    {errors[`parameters.${name}`]}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Tooltip label={style[1]}>
                  <Badge variant="light" color={styles[name] === 'custom' ? 'grape' : 'blue'} tt="none">
                    {style[0]}
                  </Badge>
                </Tooltip>
              </Table.Td>
              <Table.Td>
                <Select
                  aria-label={`Type of ${name}`}
                  size="xs"
                  data={PARAMETER_TYPES}
                  value={def.type}
                  onChange={(v) => v && set(name, { type: v as ParameterType })}
                  allowDeselect={false}
                />
              </Table.Td>
              <Table.Td>
                <Checkbox
                  aria-label={`${name} is required`}
                  checked={def.required !== false}
                  onChange={(e) => set(name, { required: e.currentTarget.checked })}
                />
              </Table.Td>
              <Table.Td>
                <DefaultInput name={name} def={def} onChange={(value) => set(name, { default: value })} />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** Values for a run (or a schedule, a collection): one input per parameter, typed; errors by the field. */
export function ParameterValues({
  parameters,
  values,
  onChange,
  errors,
}: {
  parameters: Record<string, ParameterDefinition>;
  values: Record<string, string>;
  onChange: (next: Record<string, string>) => void;
  errors: Record<string, string>;
}) {
  const names = Object.keys(parameters);
  if (names.length === 0) return null;
  return (
    <Stack gap="xs">
      {names.map((name) => {
        const def = parameters[name]!;
        const common = {
          label: name,
          description: `${def.type}${def.required === false ? ', optional' : ''}${def.default !== undefined ? `, default ${formatValue(def.default)}` : ''}`,
          error: errors[`parameters.${name}`],
          required: def.required !== false && def.default === undefined,
        };
        if (def.type === 'date') {
          return (
            <DateInput
              key={name}
              {...common}
              valueFormat="YYYY-MM-DD"
              clearable
              value={values[name] || null}
              onChange={(v) => onChange({ ...values, [name]: v ?? '' })}
            />
          );
        }
        return (
          <TextInput
            key={name}
            {...common}
            inputMode={def.type.startsWith('number') ? 'decimal' : undefined}
            placeholder={
              def.type.endsWith('_list') ? 'a, b, c' : def.type === 'timestamp' ? 'yyyy-MM-ddTHH:mm:ss' : undefined
            }
            value={values[name] ?? ''}
            onChange={(e) => onChange({ ...values, [name]: e.currentTarget.value })}
          />
        );
      })}
    </Stack>
  );
}

/** The values as the API expects them (types applied, blanks left out). */
export function parameterPayload(parameters: Record<string, ParameterDefinition>, values: Record<string, string>) {
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(parameters)) {
    const text = values[name] ?? '';
    if (text.trim() === '') continue;
    out[name] = parseValue(def.type, text);
  }
  return out;
}
