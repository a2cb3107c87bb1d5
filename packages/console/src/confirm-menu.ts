import { html, type TemplateResult } from 'lit';

export interface MenuChoice {
  value: string;
  label: string;
}

/**
 * A menu whose choice takes effect only through the button beside it. A closed `<select>` fires `change` on
 * every arrow key, so acting on `change` made looking through the menu act on its first entry. After the button,
 * the menu is back at its prompt: the same entry can be chosen again.
 *
 * @example
 * confirmMenu({ name: 'transfer', prompt: '转接给…', confirm: '转接', choices: [{ value: 'a1', label: '小赵' }], onConfirm: (id) => transfer(id) })
 */
export function confirmMenu({ name, prompt, confirm, choices, onConfirm }: { name: string; prompt: string; confirm: string; choices: readonly MenuChoice[]; onConfirm: (value: string) => void }): TemplateResult {
  const buttonOf = (menu: HTMLSelectElement) => menu.nextElementSibling as HTMLButtonElement;
  const act = (button: HTMLButtonElement) => {
    const menu = button.previousElementSibling as HTMLSelectElement;
    const value = menu.value;
    menu.value = '';
    button.disabled = true;
    if (value) onConfirm(value);
  };
  return html`<span class="confirm-menu"><select class=${name} aria-label=${prompt} @change=${(e: Event) => { const menu = e.target as HTMLSelectElement; buttonOf(menu).disabled = !menu.value; }}>
      <option value="">${prompt}</option>${choices.map((c) => html`<option value=${c.value}>${c.label}</option>`)}</select><button type="button" class="secondary ${name}-confirm" disabled @click=${(e: Event) => act(e.currentTarget as HTMLButtonElement)}>${confirm}</button></span>`;
}
