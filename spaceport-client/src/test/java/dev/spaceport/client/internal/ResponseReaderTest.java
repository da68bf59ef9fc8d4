package dev.spaceport.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Response parsing, byte for byte, without sockets: the edges of RFC 9112 framing. */
class ResponseReaderTest {

  private static ResponseReader reader(String bytes) {
    return new ResponseReader(
        new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)));
  }

  private static ResponseReader.Result read(String bytes) throws IOException {
    return reader(bytes).read("GET");
  }

  private static String body(ResponseReader.Result result) {
    return new String(result.response().body(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void twoResponsesInARowOnOneConnection() throws IOException {
    ResponseReader reader = reader("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nab"
        + "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ncde\r\n0\r\n\r\n");

    ResponseReader.Result first = reader.read("GET");
    assertThat(first.response().status()).isEqualTo(200);
    assertThat(body(first)).isEqualTo("ab");
    assertThat(first.keepAlive()).isFalse(); // the second response is already buffered: suspect
    ResponseReader.Result second = reader.read("GET");
    assertThat(second.response().status()).isEqualTo(404);
    assertThat(body(second)).isEqualTo("cde");
    assertThat(second.keepAlive()).isTrue();
  }

  @Test
  void bareLineFeedsFoldedHeadersAndAStatusLineWithoutReason() throws IOException {
    ResponseReader.Result r = read("HTTP/1.1 200\nX-Folded: one\n  two\nContent-Length: 1\n\nz");

    assertThat(r.response().status()).isEqualTo(200);
    assertThat(r.response().header("x-folded")).isEqualTo("one two");
    assertThat(body(r)).isEqualTo("z");
  }

  @Test
  void transferEncodingWinsOverContentLengthButTheConnectionIsNotReused() throws IOException {
    ResponseReader.Result r = read("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");

    assertThat(body(r)).isEqualTo("ok");
    assertThat(r.keepAlive()).isFalse();
  }

  @Test
  void aTransferCodingOtherThanChunkedLastRunsToTheClose() throws IOException {
    ResponseReader.Result r = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, identity\r\n"
        + "\r\nraw bytes");

    assertThat(body(r)).isEqualTo("raw bytes");
    assertThat(r.keepAlive()).isFalse();
  }

  @Test
  void repeatedEqualContentLengthsAreOneConflictingOnesAreAnError() throws IOException {
    assertThat(body(read("HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\n"
        + "abc"))).isEqualTo("abc");
    assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n"
        + "\r\nabcd")).isInstanceOf(IOException.class).hasMessageContaining("conflicting");
    assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"))
        .isInstanceOf(IOException.class).hasMessageContaining("Content-Length");
  }

  @Test
  void connectionTokensAreReadCaseInsensitivelyInAList() throws IOException {
    assertThat(read("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n"
        + "\r\n").keepAlive()).isFalse();
    assertThat(read("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")
        .keepAlive()).isTrue();
  }

  @Test
  void malformedResponsesAreIoExceptions() {
    assertThatThrownBy(() -> read("SSH-2.0-OpenSSH\r\n\r\n")).isInstanceOf(IOException.class)
        .hasMessageContaining("not an HTTP/1.x status line");
    assertThatThrownBy(() -> read("HTTP/1.1 2x0 OK\r\n\r\n")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"))
        .isInstanceOf(IOException.class).hasMessageContaining("malformed header");
    assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
        .isInstanceOf(IOException.class).hasMessageContaining("chunk size");
    assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "2\r\nabX\r\n0\r\n\r\n")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read("HTTP/1.1 101 Switching Protocols\r\n\r\n"))
        .isInstanceOf(IOException.class).hasMessageContaining("101");
  }

  @Test
  void anEndOfStreamBeforeTheResponseIsCompleteIsAnEofException() {
    assertThatThrownBy(() -> read("")).isInstanceOf(EOFException.class)
        .hasMessageContaining("before any response byte");
    assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Le"))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"))
        .isInstanceOf(EOFException.class).hasMessageContaining("5 of 10");
    assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "a\r\nabc")).isInstanceOf(EOFException.class);
  }

  @Test
  void anOversizedHeadIsRefused() {
    String huge = "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(ResponseReader.MAX_HEAD_BYTES)
        + "\r\n\r\n";
    assertThatThrownBy(() -> read(huge)).isInstanceOf(IOException.class)
        .hasMessageContaining("larger than");
  }

  @Test
  void aLongHeaderLineSpanningManyBufferFillsIsReadWhole() throws IOException {
    String value = "v".repeat(30_000);
    ResponseReader.Result r = read("HTTP/1.1 200 OK\r\nX-Long: " + value
        + "\r\nContent-Length: 0\r\n\r\n");
    assertThat(r.response().header("x-long")).isEqualTo(value);
  }

  @Test
  void manySmallChunksAreNotMistakenForAnOversizedHead() throws IOException {
    StringBuilder chunks = new StringBuilder(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 20_000; i++) {
      chunks.append("1\r\nx\r\n");
    }
    chunks.append("0\r\n\r\n");
    assertThat(read(chunks.toString()).response().body()).hasSize(20_000);
  }
}
