/**
 * The AMC SQL editor: CodeMirror 6 with @codemirror/lang-sql (an AMC dialect: its functions highlighted as
 * built-ins), completion of table names from the data-source catalogue and of the columns of the tables the
 * query uses (fetched as they appear), `{{name}}` placeholders marked, and as diagnostics (underlines and the lint
 * gutter): the pre-flight check's findings and a failed run's AMC error at their line/column.
 */
import { useEffect, useRef } from 'react';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { sql, SQLDialect, StandardSQL, type SQLNamespace } from '@codemirror/lang-sql';
import { bracketMatching, syntaxHighlighting, defaultHighlightStyle, indentOnInput } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  MatchDecorator,
  ViewPlugin,
  drawSelection,
  highlightActiveLine,
  keymap,
  lineNumbers,
  placeholder as placeholderText,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import { cspNonce } from '../lib/runtime-config';

/** AMC's own SQL functions (reference §§ on AMC SQL): highlighted and completed like built-ins. */
const AMC_FUNCTIONS =
  'custom_parameter built_in_parameter extend_time_window sum_if count_if approx_distinct approx_count_distinct seconds_between minutes_between hours_between days_between nvl regexp_like array_contains date_trunc extract date_format cast coalesce';

export const amcSql = SQLDialect.define({
  ...StandardSQL.spec,
  builtin: `${StandardSQL.spec.builtin ?? ''} ${AMC_FUNCTIONS}`,
  types: `${StandardSQL.spec.types ?? ''} long double string boolean timestamp date array`,
});

const placeholderMarks = new MatchDecorator({
  regexp: /\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}|CUSTOM_PARAMETER\s*\(\s*'[A-Za-z_][A-Za-z0-9_]*'\s*\)/gi,
  decoration: Decoration.mark({ class: 'cm-param' }),
});
const parameterHighlight = ViewPlugin.fromClass(
  class {
    marks: DecorationSet;
    constructor(view: EditorView) {
      this.marks = placeholderMarks.createDeco(view);
    }
    update(u: ViewUpdate) {
      this.marks = placeholderMarks.updateDeco(u, this.marks);
    }
  },
  { decorations: (v) => v.marks },
);

export interface SqlError {
  message: string;
  line?: number | undefined;
  column?: number | undefined;
}

/** A pre-flight check finding at its place in the SQL it was found in. */
export interface SqlFinding extends SqlError {
  code: string;
  severity: 'error' | 'warning';
  suggestion?: string | undefined;
}

/** The check's findings and the exact SQL they were computed for (stale findings are left to CodeMirror's mapping). */
export interface SqlFindings {
  sql: string;
  items: SqlFinding[];
}

/** A finding's range: from its column over the word there (the whole line when it has no column). */
function rangeOf(doc: EditorState['doc'], at: SqlError): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(at.line ?? 1, 1), doc.lines));
  if (at.column == null) return { from: line.from, to: Math.max(line.to, line.from) };
  const from = Math.min(line.from + Math.max(at.column - 1, 0), line.to);
  const word = /^[A-Za-z0-9_.{}']+/.exec(doc.sliceString(from, line.to));
  const to = Math.min(from + Math.max(word?.[0].length ?? 1, 1), line.to);
  return to > from ? { from, to } : { from: Math.max(from - 1, line.from), to: from };
}

interface Props {
  value: string;
  onChange: (sql: string) => void;
  schema: SQLNamespace;
  /** The table bare column names complete from (the first one the query uses). */
  defaultTable?: string;
  error?: SqlError;
  findings?: SqlFindings | undefined;
  label: string;
}

export function SqlEditor({ value, onChange, schema, defaultTable, error, findings, label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(undefined);
  const language = useRef(new Compartment());
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          EditorView.cspNonce.of(cspNonce),
          lineNumbers(),
          lintGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle),
          autocompletion({ activateOnTyping: true }),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
          language.current.of(sql({ dialect: amcSql, upperCaseKeywords: true, schema })),
          parameterHighlight,
          placeholderText('SELECT … FROM dsp_impressions'),
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
          EditorView.theme({
            '&': { fontSize: '13px', minHeight: '260px' },
            '.cm-scroller': { fontFamily: 'ui-monospace, monospace' },
          }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // Created once: value, schema and error flow in through the effects below.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({
      effects: language.current.reconfigure(
        sql({ dialect: amcSql, upperCaseKeywords: true, schema, ...(defaultTable && { defaultTable }) }),
      ),
    });
  }, [schema, defaultTable]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const doc = editor.state.doc;
    // Findings for other text than the editor holds (typing went on) stay as CodeMirror mapped them.
    if (findings && findings.sql !== doc.toString() && !error) return;
    const diagnostics: Diagnostic[] = [];
    if (findings && findings.sql === doc.toString()) {
      for (const f of findings.items) {
        diagnostics.push({
          ...rangeOf(doc, f),
          severity: f.severity,
          source: f.code,
          message: f.suggestion ? `${f.message} (${f.suggestion})` : f.message,
        });
      }
    }
    if (error) diagnostics.push({ ...rangeOf(doc, error), severity: 'error', source: 'AMC', message: error.message });
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [error, findings]);

  return <div ref={host} className="sql-editor" data-testid="sql-editor" />;
}

/** Inserts text at the cursor of the editor inside `container` (the data-source browser's "insert"). */
export function insertIntoEditor(container: HTMLElement | null, text: string): void {
  const dom = container?.querySelector('.cm-editor') as HTMLElement | null;
  const editor = dom ? EditorView.findFromDOM(dom) : null;
  if (!editor) return;
  const at = editor.state.selection.main.head;
  editor.dispatch({ changes: { from: at, insert: text }, selection: { anchor: at + text.length } });
  editor.focus();
}

/** Moves the cursor of the editor inside `container` to a 1-based line/column and scrolls it into view. */
export function focusEditorAt(container: HTMLElement | null, line: number, column: number): void {
  const dom = container?.querySelector('.cm-editor') as HTMLElement | null;
  const editor = dom ? EditorView.findFromDOM(dom) : null;
  if (!editor) return;
  const { doc } = editor.state;
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  const pos = Math.min(at.from + Math.max(column - 1, 0), at.to);
  editor.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
  editor.focus();
}
