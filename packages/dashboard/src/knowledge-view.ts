import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { ApiError, DashboardApi } from './dashboard-api.ts';
import { dashboardStyles } from './dashboard-styles.ts';
import { formValue } from './form-value.ts';
import { L } from './labels.ts';
import { attempt, failureNotice, loadFailure, noticeLine, type Notice } from './notice.ts';

interface Entry {
  id: string;
  questions: string[];
  answer: string;
  tags?: string[];
  topic?: string;
  attribute?: string;
  group?: string;
  /** The ETag of the copy the list gave, sent back as If-Match. */
  version?: string;
}
interface ImportPreview {
  entries: number;
  creates: string[];
  updates: string[];
  problems: { line: number; message: string }[];
}
const FORMAT_OF: Record<string, string> = { jsonl: 'jsonl', json: 'jsonl', csv: 'csv', yaml: 'yaml', yml: 'yaml', xlsx: 'xlsx' };
const TYPE_OF: Record<string, string> = { jsonl: 'application/x-ndjson', csv: 'text/csv', yaml: 'application/yaml', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

/** `<kb-editor>`: search, add, edit and delete entries and their alternative questions; import with a preview; export. */
export class KnowledgeView extends LitElement {
  static override styles = dashboardStyles;
  static override properties = { api: { attribute: false }, admin: { type: Boolean }, entries: { state: true }, query: { state: true }, editing: { state: true }, notice: { state: true }, preview: { state: true } };
  declare api: DashboardApi;
  declare admin: boolean;
  declare entries: Entry[];
  declare query: string;
  declare editing: Entry | undefined;
  declare notice: Notice | undefined;
  declare preview: (ImportPreview & { file: File; format: string }) | undefined;

  constructor() {
    super();
    [this.entries, this.query, this.admin] = [[], '', false];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  async load(): Promise<void> {
    await attempt(async () => {
      this.entries = await this.api.json<Entry[]>('/api/knowledge');
    }, (notice) => (this.notice = loadFailure(notice)));
  }

  private shown(): Entry[] {
    const q = this.query.trim().toLowerCase();
    return q ? this.entries.filter((e) => [e.id, e.answer, ...e.questions, ...(e.tags ?? [])].some((t) => t.toLowerCase().includes(q))) : this.entries;
  }

  private async save(event: Event, isNew: boolean): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const value = (name: string) => formValue(form, name);
    const id = value('id');
    const { topic, attribute } = this.editing ?? {}; // not edited here, but a PUT replaces the entry: keep them
    const group = value('group');
    const entry = { questions: value('questions').split('\n').map((q) => q.trim()).filter(Boolean), answer: value('answer'), tags: value('tags').split(/[,，]/).map((t) => t.trim()).filter(Boolean), ...(topic ? { topic } : {}), ...(attribute ? { attribute } : {}), ...(group ? { group } : {}) };
    // Saving an entry opened from the list replaces only the version opened: another operator's save is not lost.
    const version = isNew ? undefined : this.editing?.version;
    try {
      await (isNew ? this.api.createEntry(id, entry) : this.api.json(`/api/knowledge/${encodeURIComponent(id)}`, { method: 'PUT', body: entry, ...(version ? { headers: { 'if-match': `"${version}"` } } : {}) }));
      this.notice = { text: L.saved };
      this.editing = undefined;
      await this.load();
    } catch (error) {
      const code = (error as ApiError).code;
      this.notice = failureNotice(error);
      // The form keeps what was typed; the list is read again so reopening the entry gives its current version.
      if (code === 'KB_ENTRY_CHANGED' || code === 'KB_ENTRY_GONE') await this.load();
    }
  }

  private async deleteEntry(id: string, version: string | undefined): Promise<void> {
    if (!confirm(L.confirmDelete)) return;
    try {
      // Only the version on screen: an entry another operator changed meanwhile is not deleted unseen.
      await this.api.json(`/api/knowledge/${encodeURIComponent(id)}`, { method: 'DELETE', ...(version ? { headers: { 'if-match': `"${version}"` } } : {}) });
      [this.notice, this.editing] = [{ text: `${L.deleted}: ${id}` }, undefined];
    } catch (error) {
      this.notice = (error as ApiError).code === 'KB_ENTRY_CHANGED' ? { text: L.entryChangedNotDeleted, error: true } : failureNotice(error);
      this.editing = undefined;
    }
    await this.load();
  }

  private async previewImport(file: File | undefined): Promise<void> {
    if (!file) return;
    const format = FORMAT_OF[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? 'csv';
    try {
      const result = await this.api.upload<ImportPreview>(`/api/knowledge/import?format=${format}&dryRun=true`, file, TYPE_OF[format]!);
      this.preview = { ...result, file, format };
    } catch (error) {
      this.notice = failureNotice(error);
    }
  }

  private async runImport(): Promise<void> {
    const preview = this.preview!;
    try {
      const result = await this.api.upload<{ imported: number }>(`/api/knowledge/import?format=${preview.format}`, preview.file, TYPE_OF[preview.format]!);
      this.notice = { text: `${L.imported}: ${result.imported}` };
      this.preview = undefined;
      await this.load();
    } catch (error) {
      this.notice = failureNotice(error);
    }
  }

  private renderForm(entry: Entry, isNew: boolean): TemplateResult {
    return html`<form class="card editor" @submit=${(e: Event) => this.save(e, isNew)}>
      <label>${L.id}<input name="id" required .value=${entry.id} ?readonly=${!isNew}></label>
      <label>${L.questions}<textarea name="questions" rows="5" required .value=${entry.questions.join('\n')}></textarea></label>
      <label>${L.answer}<textarea name="answer" rows="4" required .value=${entry.answer}></textarea></label>
      <label>${L.tags}<input name="tags" .value=${(entry.tags ?? []).join(', ')}></label>
      <label>${L.entryGroup}<input name="group" maxlength="50" .value=${entry.group ?? ''}></label>
      <div class="row"><button type="submit" ?disabled=${!this.admin}>${L.save}</button>
        <button type="button" class="secondary" @click=${() => (this.editing = undefined)}>${L.cancel}</button>
        ${isNew ? nothing : html`<button type="button" class="danger" ?disabled=${!this.admin} @click=${() => this.deleteEntry(entry.id, entry.version)}>${L.delete}</button>`}</div>
    </form>`;
  }

  override render(): TemplateResult {
    const editing = this.editing;
    const isNew = editing !== undefined && !this.entries.some((e) => e.id === editing.id);
    return html`
      <div class="toolbar">
        <input type="search" class="grow" placeholder=${L.search} aria-label=${L.search} .value=${this.query} @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}>
        <button ?disabled=${!this.admin} @click=${() => (this.editing = { id: `entry-${Date.now().toString(36)}`, questions: [], answer: '' })}>${L.newEntry}</button>
        <label class="file button secondary">${L.importFile}<input type="file" accept=".jsonl,.json,.csv,.yaml,.yml,.xlsx" ?disabled=${!this.admin} @change=${(e: Event) => this.previewImport((e.target as HTMLInputElement).files?.[0])}></label>
        <select aria-label=${L.export} @change=${(e: Event) => { const f = (e.target as HTMLSelectElement).value; (e.target as HTMLSelectElement).value = ''; if (f) this.api.download(`/api/knowledge/export?format=${f}`, `knowledge.${f}`).catch((error: unknown) => (this.notice = failureNotice(error))); }}>
          <option value="">${L.export}…</option><option>xlsx</option><option>csv</option><option>jsonl</option><option>yaml</option></select>
      </div>
      ${noticeLine(this.notice)}
      ${this.preview ? html`<div class="card preview"><strong>${this.preview.file.name}</strong>: ${this.preview.entries} · ${L.creates} ${this.preview.creates.length} · ${L.updates} ${this.preview.updates.length}
        ${this.preview.problems.length ? html`<ul class="problems">${this.preview.problems.map((p) => html`<li>${L.line} ${p.line}: ${p.message}</li>`)}</ul>` : html`<p class="ok">${L.noProblems}</p>`}
        <div class="row"><button class="do-import" ?disabled=${this.preview.problems.length > 0} @click=${() => this.runImport()}>${L.import}</button><button class="secondary" @click=${() => (this.preview = undefined)}>${L.cancel}</button></div></div>` : nothing}
      ${editing ? this.renderForm(editing, isNew) : nothing}
      <table class="entries"><thead><tr><th>${L.id}</th><th>${L.questions.split('（')[0]!.split(' (')[0]}</th><th>${L.answer}</th><th>${L.tags.split('（')[0]!.split(' (')[0]}</th><th>${L.group}</th></tr></thead>
        <tbody>${this.shown().map((e) => html`<tr tabindex="0" data-id=${e.id} @click=${() => (this.editing = e)} @keydown=${(k: KeyboardEvent) => k.key === 'Enter' && (this.editing = e)}>
          <td>${e.id}</td><td>${e.questions[0]}${e.questions.length > 1 ? html` <small class="muted">+${e.questions.length - 1}</small>` : nothing}</td><td class="clip">${e.answer}</td><td>${(e.tags ?? []).join(', ')}</td><td>${e.group ?? ''}</td></tr>`)}</tbody></table>`;
  }
}

if (!customElements.get('kb-editor')) customElements.define('kb-editor', KnowledgeView);
