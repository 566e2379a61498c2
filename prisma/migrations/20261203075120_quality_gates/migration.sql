-- AlterTable
ALTER TABLE "Session" ADD COLUMN "withdrawnAt" DATETIME;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN "focusLosses" INTEGER;
ALTER TABLE "Response" ADD COLUMN "fullscreenExits" INTEGER;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Trial" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "imageId" TEXT NOT NULL,
    "methodId" TEXT NOT NULL,
    "realSide" TEXT,
    "showsReal" BOOLEAN,
    "exposureMs" INTEGER,
    "servedAt" DATETIME,
    "imagesServed" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Trial_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Trial_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Trial_methodId_fkey" FOREIGN KEY ("methodId") REFERENCES "Method" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Trial" ("exposureMs", "id", "imageId", "index", "kind", "methodId", "realSide", "servedAt", "sessionId", "showsReal") SELECT "exposureMs", "id", "imageId", "index", "kind", "methodId", "realSide", "servedAt", "sessionId", "showsReal" FROM "Trial";
DROP TABLE "Trial";
ALTER TABLE "new_Trial" RENAME TO "Trial";
CREATE INDEX "Trial_imageId_idx" ON "Trial"("imageId");
CREATE INDEX "Trial_methodId_idx" ON "Trial"("methodId");
CREATE UNIQUE INDEX "Trial_sessionId_index_key" ON "Trial"("sessionId", "index");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Trials served before images were counted: taken as served whole (the browser fetched both with the trial).
UPDATE "Trial" SET "imagesServed" = CASE WHEN "showsReal" IS NULL THEN 3 ELSE 1 END WHERE "servedAt" IS NOT NULL;
