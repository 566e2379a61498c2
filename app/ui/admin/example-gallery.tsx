// A few photos as participants saw them: the real one beside each method's colorization
// (and its ab-only view, which shows the colours alone), with how often it fooled.
import { adminAssetUrl } from '../../lib/results/admin-asset';
import type { GalleryItem } from '../../lib/results/gallery';
import styles from './admin.module.css';

export function ExampleGallery({ studyId, items }: { studyId: string; items: GalleryItem[] }) {
  return (
    <div className={styles.gallery} data-testid="gallery">
      {items.map((item) => (
        <div key={item.image} className={styles.galleryRow}>
          <h3 className={styles.mono}>{item.image}</h3>
          <div className={styles.galleryImages}>
            <figure>
              <img src={adminAssetUrl(studyId, item.realAssetId)} alt={`${item.image}: real photo`} loading="lazy" />
              <figcaption>
                <strong>real photo</strong>
              </figcaption>
            </figure>
            {item.cells.map((c) => (
              <div key={c.method} style={{ display: 'contents' }}>
                <figure>
                  <img src={adminAssetUrl(studyId, c.assetId)} alt={`${item.image}: ${c.method}`} loading="lazy" />
                  <figcaption>
                    <strong>{c.kind === 'attention' ? 'attention check' : c.method}</strong>
                    <br />
                    <span className={styles.muted}>
                      {c.kind === 'attention' ? 'random colours' : c.trials ? `fooled ${c.fooled} of ${c.trials}` : 'not shown yet'}
                    </span>
                  </figcaption>
                </figure>
                {c.abAssetId && (
                  <figure>
                    <img src={adminAssetUrl(studyId, c.abAssetId)} alt={`${item.image}: ${c.method}, colours only`} loading="lazy" />
                    <figcaption>
                      <strong>{c.method}</strong>
                      <br />
                      <span className={styles.muted}>colours only (ab, L = 50)</span>
                    </figcaption>
                  </figure>
                )}
              </div>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
