/** The pages' icon: the widget's chat bubble on its blue, as SVG (browsers ask for /favicon.ico on every page). */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#2563eb"/><path d="M8 9h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9l-5 4v-4H8a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2z" fill="#fff"/></svg>`;

export const FAVICON_LINK = '<link rel="icon" href="/favicon.svg" type="image/svg+xml">';
