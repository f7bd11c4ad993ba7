import { css } from 'lit';

export const invoiceListStyles = css`
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
    padding: 0.35em 0.6em;
    border-bottom: 1px solid var(--_border);
    text-align: left;
    white-space: nowrap;
  }
  tbody th {
    font-weight: 400;
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
  .actions {
    display: flex;
    gap: 0.5em;
    justify-content: end;
    margin-top: 0.5em;
  }
`;
