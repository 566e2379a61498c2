-- CreateTable
CREATE TABLE "Study" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "config" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Method" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "sourceDir" TEXT,
    "metrics" TEXT,
    CONSTRAINT "Method_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Image" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "realAssetId" TEXT NOT NULL,
    CONSTRAINT "Image_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Image_realAssetId_fkey" FOREIGN KEY ("realAssetId") REFERENCES "Asset" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Asset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" BLOB NOT NULL,
    CONSTRAINT "Asset_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Stimulus" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "imageId" TEXT NOT NULL,
    "methodId" TEXT NOT NULL,
    "assetId" TEXT NOT NULL,
    "abAssetId" TEXT,
    CONSTRAINT "Stimulus_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Stimulus_methodId_fkey" FOREIGN KEY ("methodId") REFERENCES "Method" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Stimulus_assetId_fkey" FOREIGN KEY ("assetId") REFERENCES "Asset" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Stimulus_abAssetId_fkey" FOREIGN KEY ("abAssetId") REFERENCES "Asset" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Participant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Participant_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "rotation" INTEGER NOT NULL,
    "methodId" TEXT,
    "stage" TEXT NOT NULL,
    "recruitment" TEXT NOT NULL,
    "client" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    CONSTRAINT "Session_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Session_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Session_methodId_fkey" FOREIGN KEY ("methodId") REFERENCES "Method" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Trial" (
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
    CONSTRAINT "Trial_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Trial_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Trial_methodId_fkey" FOREIGN KEY ("methodId") REFERENCES "Method" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Response" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "trialId" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "rtMs" REAL NOT NULL,
    "timing" TEXT NOT NULL,
    "clientSentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Response_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "Trial" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Method_studyId_name_key" ON "Method"("studyId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Image_studyId_name_key" ON "Image"("studyId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Asset_studyId_sha256_key" ON "Asset"("studyId", "sha256");

-- CreateIndex
CREATE INDEX "Stimulus_methodId_idx" ON "Stimulus"("methodId");

-- CreateIndex
CREATE UNIQUE INDEX "Stimulus_imageId_methodId_key" ON "Stimulus"("imageId", "methodId");

-- CreateIndex
CREATE UNIQUE INDEX "Participant_studyId_source_externalId_key" ON "Participant"("studyId", "source", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Session_participantId_key" ON "Session"("participantId");

-- CreateIndex
CREATE INDEX "Session_studyId_stage_idx" ON "Session"("studyId", "stage");

-- CreateIndex
CREATE INDEX "Session_studyId_methodId_idx" ON "Session"("studyId", "methodId");

-- CreateIndex
CREATE UNIQUE INDEX "Session_studyId_ordinal_key" ON "Session"("studyId", "ordinal");

-- CreateIndex
CREATE INDEX "Trial_imageId_idx" ON "Trial"("imageId");

-- CreateIndex
CREATE INDEX "Trial_methodId_idx" ON "Trial"("methodId");

-- CreateIndex
CREATE UNIQUE INDEX "Trial_sessionId_index_key" ON "Trial"("sessionId", "index");

-- CreateIndex
CREATE UNIQUE INDEX "Response_trialId_key" ON "Response"("trialId");
