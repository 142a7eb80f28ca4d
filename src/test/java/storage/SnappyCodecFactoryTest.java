package storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** One compressor for many pages (it keeps its output buffer between them): each page as Snappy alone makes it. */
class SnappyCodecFactoryTest {
    @Test
    void each_page_compresses_to_snappys_own_bytes_whatever_came_before() throws Exception {
        BytesInputCompressor compressor = SnappyCodecFactory.INSTANCE.getCompressor(CompressionCodecName.SNAPPY);
        BytesInputDecompressor decompressor = SnappyCodecFactory.INSTANCE.getDecompressor(CompressionCodecName.SNAPPY);
        Random random = new Random(7);
        // a large page, then smaller ones (the buffer holds the large page's leftovers), an empty one, a larger one
        for (int size : new int[] {200_000, 1_000, 17, 0, 65_536, 300_000, 3}) {
            byte[] page = new byte[size];
            for (int i = 0; i < size; i++) {
                page[i] = (byte) (i % 97 < 50 ? 'a' + i % 7 : random.nextInt()); // partly compressible
            }
            byte[] compressed = compressor.compress(BytesInput.from(page)).toByteArray();
            assertThat(compressed).as("page of %d bytes", size).isEqualTo(Snappy.compress(page));
            assertThat(decompressor.decompress(BytesInput.from(compressed), size).toByteArray()).isEqualTo(page);
        }
        assertThat(compressor.getCodecName()).isEqualTo(CompressionCodecName.SNAPPY);
    }
}
