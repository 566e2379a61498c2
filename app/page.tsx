import Link from 'next/link';

export default function Home() {
  return (
    <main style={{ maxWidth: 640, margin: '4rem auto', padding: '0 1rem' }}>
      <h1>Colorization Turing test</h1>
      <p>
        Participants: please use the link you were given by the study (for example on Prolific or MTurk).
      </p>
      <p>
        Researchers: <Link href="/admin">open the studies</Link>.
      </p>
    </main>
  );
}
