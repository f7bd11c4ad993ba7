import { css } from 'lit';

export const connectStyles = css`
  [part='card'] {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    background: var(--_surface);
  }
  h3 {
    margin: 0 0 var(--_space);
    font-size: 1.05em;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25em 1em;
    margin: 0 0 var(--_space);
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .ok {
    color: var(--_success);
    font-weight: 600;
  }
  .bad {
    color: var(--_danger);
    font-weight: 600;
  }
`;
