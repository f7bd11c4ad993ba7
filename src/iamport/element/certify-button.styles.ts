import { css } from 'lit';

export const certifyButtonStyles = css`
  .result {
    margin: var(--_space) 0 0;
    padding: 0.75em 1em;
    border: 1px solid var(--_border);
    border-left: 4px solid var(--_success);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .result strong {
    color: var(--_success);
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.2em 1em;
    margin: 0.5em 0 0;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
  }
`;
