import { css } from 'lit';

export const gateStyles = css`
  .greeting {
    margin: 0 0 var(--_space);
    font-size: 1.1em;
  }
  .notice {
    margin: 0 0 var(--_space);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  a {
    color: var(--_primary);
    font-weight: 600;
  }
`;
