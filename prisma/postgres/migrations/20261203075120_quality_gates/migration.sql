-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "withdrawnAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Trial" ADD COLUMN     "imagesServed" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "focusLosses" INTEGER,
ADD COLUMN     "fullscreenExits" INTEGER;

-- Trials served before images were counted: taken as served whole (the browser fetched both with the trial).
UPDATE "Trial" SET "imagesServed" = CASE WHEN "showsReal" IS NULL THEN 3 ELSE 1 END WHERE "servedAt" IS NOT NULL;
