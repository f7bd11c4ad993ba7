import { css } from 'lit';

export const signupFormStyles = css`
  form {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
    gap: 0.6rem var(--_space);
  }
  label {
    display: block;
    font-weight: 600;
    margin-bottom: 0.2em;
  }
  input,
  select {
    font: inherit;
    width: 100%;
    padding: 0.45em 0.6em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
  }
  input[readonly] {
    background: #eef1f6;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .msg {
    margin: 0.2em 0 0;
    font-size: 0.9em;
    color: var(--_danger);
  }
  .warn {
    color: #7a4a00;
  }
  .note {
    grid-column: 1 / -1;
    margin: 0;
    font-size: 0.9em;
    color: var(--_muted);
  }
  .actions {
    grid-column: 1 / -1;
    display: flex;
    gap: 0.5em;
    flex-wrap: wrap;
  }
  ol {
    padding-left: 1.4em;
  }
  .done {
    color: var(--_success);
  }
  .done::after {
    content: ' ✓';
  }
  .later {
    color: var(--_muted);
  }
  /* Next to the button it is about, on its own row in any number of columns. */
  [part='summary'] {
    grid-column: 1 / -1;
    margin: 0;
  }
  .ok {
    font-weight: 600;
    color: var(--_success);
  }
  a {
    color: var(--_primary);
  }
`;
