/** A form field's text, trimmed. */
export const formValue = (form: HTMLFormElement, name: string): string => formText(form, name).trim();

/** A form field's text as typed: for passwords, whose spaces are part of them. */
export const formText = (form: HTMLFormElement, name: string): string => (form.elements.namedItem(name) as HTMLInputElement).value;
