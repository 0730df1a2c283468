/** Parameter declarations (type, required, default) and the typed form of values for a run. */
import { Checkbox, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import {
  PARAMETER_TYPES,
  type ParameterDefinition,
  type ParameterType,
  formatValue,
  parseValue,
} from '../lib/parameters';

export function ParameterDeclarations({
  parameters,
  onChange,
  errors,
}: {
  parameters: Record<string, ParameterDefinition>;
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
          <Table.Th>Type</Table.Th>
          <Table.Th>Required</Table.Th>
          <Table.Th>Default</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {names.map((name) => {
          const def = parameters[name]!;
          return (
            <Table.Tr key={name}>
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
                <TextInput
                  aria-label={`Default of ${name}`}
                  size="xs"
                  value={formatValue(def.default)}
                  onChange={(e) => {
                    const text = e.currentTarget.value;
                    set(name, {
                      default:
                        text === ''
                          ? undefined
                          : def.type === 'number' && Number.isFinite(Number(text))
                            ? Number(text)
                            : text,
                    });
                  }}
                />
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
