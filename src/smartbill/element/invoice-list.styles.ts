import { css } from 'lit';

export const invoiceListStyles = css`
  /* The layout follows the element's own width (a phone, or a narrow column), not the window's. */
  :host {
    container-type: inline-size;
  }
  form {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem var(--_space);
  }
  label {
    display: grid;
    gap: 0.2em;
    font-weight: 600;
  }
  .radio {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    margin-right: 0.8em;
    font-weight: 400;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
  }
  legend {
    font-weight: 600;
    padding: 0;
  }
  input,
  select {
    font: inherit;
    padding: 0.4em 0.5em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
  }
  [part='progress'] {
    margin-top: var(--_space);
    display: flex;
    align-items: center;
    gap: 0.6em;
    color: var(--_muted);
  }
  .empty {
    margin-top: var(--_space);
    padding: var(--_space);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    color: var(--_muted);
  }
  .as-of,
  .setup {
    margin: var(--_space) 0 0;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .setup p,
  .setup ol {
    margin: 0.2em 0;
  }
  .scroll {
    overflow-x: auto;
    margin-top: var(--_space);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: left;
    font-weight: 600;
    padding-bottom: 0.4em;
  }
  th,
  td {
    padding: 0.35em 0.5em;
    border-bottom: 1px solid var(--_border);
    text-align: left;
    white-space: nowrap;
  }
  /* Names and kinds wrap (between words), so the table fits a 900 px column without scrolling. */
  tbody th,
  td:nth-child(7),
  td:nth-child(8) {
    white-space: normal;
  }
  tbody th {
    font-weight: 400;
    min-width: 8em;
  }
  tbody tr {
    cursor: pointer;
  }
  tbody tr:hover {
    background: rgb(36 80 184 / 0.06);
  }
  tfoot th,
  tfoot td {
    font-weight: 700;
    border-top: 2px solid var(--_text);
  }
  .num {
    text-align: right;
  }
  .sort,
  .link {
    padding: 0;
    border: 0;
    background: none;
    color: inherit;
    font-weight: inherit;
  }
  .link {
    color: var(--_primary);
    text-decoration: underline;
  }
  th[aria-sort='ascending'] .sort::after {
    content: ' ▲';
  }
  th[aria-sort='descending'] .sort::after {
    content: ' ▼';
  }
  dialog {
    width: min(900px, 96vw);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  dialog h2 {
    font-size: 1.1em;
    margin: 0 0 0.5em;
  }
  iframe {
    width: 100%;
    height: 70vh;
    border: 1px solid var(--_border);
    background: #fff;
  }
  iframe:focus {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  .actions {
    display: flex;
    gap: 0.5em;
    justify-content: end;
    margin-top: 0.5em;
  }
  /* Phones: every invoice a card (name, then labelled values, the total in bold), the totals a card too, sorting as chips. */
  @container (max-width: 40rem) {
    .scroll {
      overflow: visible;
    }
    table,
    tbody,
    tfoot,
    caption {
      display: block;
    }
    caption {
      white-space: normal;
    }
    thead tr {
      display: flex;
      flex-wrap: wrap;
      gap: 0.2em 0.9em;
    }
    thead th {
      border: 0;
      padding: 0.2em 0;
    }
    tbody tr,
    tfoot tr {
      display: block;
      margin-top: 0.5em;
      padding: 0.5em 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    tfoot tr {
      border: 2px solid var(--_text);
    }
    tbody th,
    tfoot th,
    td {
      display: flex;
      justify-content: space-between;
      gap: 1em;
      padding: 0.1em 0;
      border: 0;
      white-space: normal;
    }
    tbody th,
    tfoot th {
      font-weight: 600;
      padding-bottom: 0.3em;
    }
    td::before {
      content: attr(data-label);
      color: var(--_muted);
      font-weight: 400;
    }
    td.num {
      text-align: right;
    }
    td.total {
      font-weight: 700;
    }
    .filler {
      display: none;
    }
  }
`;
