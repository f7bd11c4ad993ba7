// A server component: it renders the client component, which is where the elements are imported.
import { Verify } from './verify';

export default function Page() {
  return (
    <main>
      <h1>Next.js app router</h1>
      <Verify />
    </main>
  );
}
