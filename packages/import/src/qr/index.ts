export {
  decodeQrFromImageFile,
  decodeQrFromPixels,
  prepareQrDecoder,
  type QrDecoderOptions,
} from './decoder'
export { MAX_IMAGE_FILE_BYTES, sniffImageType, type ImageType } from './image-file'
export { fromBgra, MAX_PIXELS, type ChannelOrder, type PixelImage } from './pixels'
export {
  readQrImage,
  readQrImages,
  readQrPixels,
  readQrTexts,
  type QrImportPreview,
} from './read-qr'
