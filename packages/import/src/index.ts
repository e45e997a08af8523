export * from './importer'
export { detectImporter, importerFor, importers } from './registry'
