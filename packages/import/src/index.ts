export * from './importer'
export { detectImporter, importerFor, importers } from './registry'
export { writeAegisEncryptedBackup, writeOtpauthList } from './export/aegis-backup'
export * from './qr'
