/**
 * The byte codec every serialised form of Driftwatch's state is written with: {@link
 * io.driftwatch.codec.ByteWriter} and {@link io.driftwatch.codec.ByteReader} over byte arrays (a
 * state object's own bytes), {@link io.driftwatch.codec.Varints} over {@link java.io.DataOutput} and
 * {@link java.io.DataInput} (Flink serializers stream into {@code DataOutputView}, which is one). No
 * dependencies, so the pure libraries can use it as well as the connectors.
 *
 * <h2>Wire format</h2>
 *
 * <ul>
 *   <li><b>varint</b>: unsigned LEB128. Seven bits a byte, least significant group first; the high bit
 *       of a byte is set when another byte follows. A {@code long} takes 1 to 10 bytes (a negative one
 *       always 10); an {@code int} written as an int varint is its unsigned 32-bit value, 1 to 5 bytes
 *       (a negative one always 5). Non-negative values encode the same either way: {@code 0 -> 00},
 *       {@code 127 -> 7f}, {@code 128 -> 80 01}, {@code 300 -> ac 02}.
 *   <li><b>zigzag</b>: a signed value mapped to unsigned so that small magnitudes of either sign stay
 *       short, {@code (v << 1) ^ (v >> 63)} for a long and {@code (v << 1) ^ (v >> 31)} for an int
 *       ({@code 0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3}), then written as a varint (an int's as its unsigned
 *       32-bit value). For any int, the long and the int zigzag give the same bytes.
 *   <li><b>fixed int / fixed long</b>: 4 / 8 bytes, big-endian two's complement, as {@link
 *       java.io.DataOutput#writeInt} and {@link java.io.DataOutput#writeLong} write them.
 *   <li><b>double</b>: its IEEE 754 bits ({@link Double#doubleToRawLongBits}, so NaN payloads are kept)
 *       as a fixed long.
 *   <li><b>nullable bytes</b> ({@link io.driftwatch.codec.Varints} only): an int varint {@code length +
 *       1}, {@code 0} for null, then the bytes.
 *   <li><b>sized bytes</b> ({@link io.driftwatch.codec.Varints} only): the length as a fixed int, then the
 *       bytes.
 *   <li><b>UTF-8 string</b>: its UTF-8 encoding ({@link String#getBytes(java.nio.charset.Charset)}, so an
 *       unpaired surrogate becomes {@code ?}) as sized bytes: {@code "" -> 00000000}, {@code "ü" ->
 *       00000002 c3bc}. Not {@link java.io.DataOutput#writeUTF}'s modified UTF-8 with a 2-byte length.
 * </ul>
 *
 * <p>Nothing else is framed: a form's own layout (version byte, field order, length prefixes) is
 * documented by the class that writes it. Flink {@code TypeSerializer}s write their strings with {@link
 * io.driftwatch.codec.Varints#writeString} (read them with {@code readString} or a {@link
 * io.driftwatch.codec.StringCache}): byte for byte Flink's own {@code StringValue} form, a varint of the
 * length + 1 ({@code 0} for null), then each UTF-16 unit as a varint.
 */
package io.driftwatch.codec;
