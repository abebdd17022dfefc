// The value-column screens of enlint_value_screen.h. Per row, scalar code reads the span and the
// value's words (a stand-in value when the span is not the usual shape, so that the loop has no
// branch per row); per four rows, AVX2 lanes test the words. The tests are those of the Swift
// word tests in Rules/Support/FixedShapeValues.swift (which explains each constant); the unit
// tests compare the two.

#include "enlint_simd_scan.h"
#include "enlint_value_screen.h"

#include <stddef.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define ENLINT_X86 1
#include <immintrin.h>
#endif

#if ENLINT_X86
int enlint_value_screens_available(void) { return (enlint_cpu_features() & ENLINT_CPU_AVX2) != 0; }

#define AVX2 __attribute__((target("avx2")))

static inline uint64_t load64(const uint8_t *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/// Whether the span is unquoted (flags 0) with exactly n bytes; its start in `start`.
static inline int span_has_length(const enlint_field_span *span, int32_t n, int32_t *start) {
    *start = span->start;
    return ((uint32_t)(span->end - span->start - n) | span->flags) == 0;
}

static inline AVX2 __m256i set1(uint64_t x) { return _mm256_set1_epi64x((long long)x); }

/// Bits 0-3: lane k holds no bits of `mask` (all ones per lane from a comparison).
static inline AVX2 unsigned lanes(__m256i mask) { return (unsigned)_mm256_movemask_pd(_mm256_castsi256_pd(mask)); }

/// `ByteParsing.shapeErrors` in four lanes.
static inline AVX2 __m256i shape_errors(__m256i t, uint64_t exact, uint64_t sixes) {
    return _mm256_and_si256(_mm256_or_si256(t, _mm256_add_epi64(t, set1(sixes))), set1(exact));
}

// MARK: - Dates

/// Lanes (bits 0-3) whose words hold a plainly valid date: `head` the first 8 bytes, `tail` the
/// 8 from byte 2. The days of each month, February's 28 (29 February is left to the caller).
static inline AVX2 unsigned clear_dates(__m256i head, __m256i tail) {
    const __m256i zero = _mm256_setzero_si256();
    const __m256i h = _mm256_xor_si256(_mm256_and_si256(head, set1(0xFFFF)), set1(0x3030));  // "YY" XOR "00"
    const __m256i t = _mm256_xor_si256(tail, set1(0x30302D30302D3030));                      // "YY-MM-DD" XOR "00-00-00"
    const __m256i errors = _mm256_or_si256(shape_errors(h, 0xF0F0, 0x0606),
                                           shape_errors(t, 0xF0F0FFF0F0FFF0F0ull, 0x0606000606000606ull));
    // Year 0000: all four year digits zero.
    const __m256i year = _mm256_or_si256(h, _mm256_and_si256(t, set1(0xFFFF)));
    // Byte k of numbers: the two-digit number starting at byte k. Once the shape holds, every
    // byte is at most 99, so 10 * t carries nowhere, nor across the 32-bit halves multiplied.
    const __m256i numbers = _mm256_add_epi64(_mm256_mullo_epi32(t, _mm256_set1_epi32(10)), _mm256_srli_epi64(t, 8));
    const __m256i month = _mm256_and_si256(_mm256_srli_epi64(numbers, 24), set1(0xFF));
    const __m256i day = _mm256_and_si256(_mm256_srli_epi64(numbers, 48), set1(0xFF));
    // Months of 31 days (1, 3, 5, 7, 8, 10, 12) are those where month XOR month / 8 is odd.
    const __m256i longMonth = _mm256_and_si256(_mm256_xor_si256(month, _mm256_srli_epi64(month, 3)), set1(1));
    const __m256i february = _mm256_cmpeq_epi64(month, set1(2));  // all ones: -1
    // One past the last day: 31 + long month, less 2 in February (29: 28 days kept).
    const __m256i pastLast = _mm256_add_epi64(_mm256_add_epi64(set1(31), longMonth), _mm256_slli_epi64(february, 1));
    __m256i ok = _mm256_cmpeq_epi64(errors, zero);
    ok = _mm256_andnot_si256(_mm256_cmpeq_epi64(year, zero), ok);
    ok = _mm256_and_si256(ok, _mm256_cmpgt_epi64(month, zero));
    ok = _mm256_and_si256(ok, _mm256_cmpgt_epi64(set1(13), month));
    ok = _mm256_and_si256(ok, _mm256_cmpgt_epi64(day, zero));
    ok = _mm256_and_si256(ok, _mm256_cmpgt_epi64(pastLast, day));
    return lanes(ok);
}

/// Where row k's date words are read: its value when it is unquoted and 10 bytes long, a
/// stand-in that fails (year 0000) otherwise; a stand-in that passes for a lane past the last row.
static const uint8_t unclear_date[10] = {'0', '0', '0', '0', '-', '0', '1', '-', '0', '1'};
static const uint8_t clear_date[10] = {'2', '0', '2', '4', '-', '0', '1', '-', '0', '1'};

static inline const uint8_t *date_at(const uint8_t *buffer, const enlint_field_span *span) {
    int32_t start;
    return span_has_length(span, 10, &start) ? buffer + start : unclear_date;
}

static inline AVX2 unsigned clear_dates_at(const uint8_t *const p[4]) {
    const __m256i head = _mm256_set_epi64x((long long)load64(p[3]), (long long)load64(p[2]), (long long)load64(p[1]),
                                           (long long)load64(p[0]));
    const __m256i tail = _mm256_set_epi64x((long long)load64(p[3] + 2), (long long)load64(p[2] + 2),
                                           (long long)load64(p[1] + 2), (long long)load64(p[0] + 2));
    return clear_dates(head, tail);
}

AVX2 size_t enlint_first_unclear_date(const uint8_t *buffer, const enlint_field_span *spans, size_t stride, size_t count) {
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const enlint_field_span *span = spans + i * stride;
        const uint8_t *const p[4] = {date_at(buffer, span), date_at(buffer, span + stride), date_at(buffer, span + 2 * stride),
                                     date_at(buffer, span + 3 * stride)};
        const unsigned ok = clear_dates_at(p);
        if (ok != 0xF) return i + (size_t)__builtin_ctz(~ok);
    }
    if (i == count) return count;
    const uint8_t *p[4] = {clear_date, clear_date, clear_date, clear_date};
    for (size_t k = 0; i + k < count; k++) p[k] = date_at(buffer, spans + (i + k) * stride);
    const unsigned ok = clear_dates_at(p);
    return ok == 0xF ? count : i + (size_t)__builtin_ctz(~ok);
}

// MARK: - Times

static inline AVX2 unsigned clear_times(__m256i w) {
    const __m256i t = _mm256_xor_si256(w, set1(0x30303A30303A3030ull));  // "hh:mm:ss" XOR "00:00:00"
    const __m256i errors = shape_errors(t, 0xF0F0FFF0F0FFF0F0ull, 0x060A00060A00060Dull);
    // Hours past 23: both top bits of the low two bytes set after adding 0x7C7E.
    const __m256i late = _mm256_cmpeq_epi64(_mm256_and_si256(_mm256_add_epi64(t, set1(0x7C7E)), set1(0x8080)), set1(0x8080));
    return lanes(_mm256_andnot_si256(late, _mm256_cmpeq_epi64(errors, _mm256_setzero_si256())));
}

static const uint8_t unclear_time[8] = {'2', '4', ':', '0', '0', ':', '0', '0'};
static const uint8_t clear_time[8] = {'0', '0', ':', '0', '0', ':', '0', '0'};

static inline uint64_t time_word(const uint8_t *buffer, const enlint_field_span *span) {
    int32_t start;
    return load64(span_has_length(span, 8, &start) ? buffer + start : unclear_time);
}

AVX2 size_t enlint_first_unclear_time(const uint8_t *buffer, const enlint_field_span *spans, size_t stride, size_t count) {
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const enlint_field_span *span = spans + i * stride;
        const __m256i w = _mm256_set_epi64x((long long)time_word(buffer, span + 3 * stride), (long long)time_word(buffer, span + 2 * stride),
                                            (long long)time_word(buffer, span + stride), (long long)time_word(buffer, span));
        const unsigned ok = clear_times(w);
        if (ok != 0xF) return i + (size_t)__builtin_ctz(~ok);
    }
    if (i == count) return count;
    uint64_t words[4];
    for (size_t k = 0; k < 4; k++) words[k] = i + k < count ? time_word(buffer, spans + (i + k) * stride) : load64(clear_time);
    const unsigned ok = clear_times(_mm256_loadu_si256((const __m256i *)words));
    return ok == 0xF ? count : i + (size_t)__builtin_ctz(~ok);
}

// MARK: - Amounts

/// Lanes (bits 0-3) whose words hold the usual amount, 1 to 5 digits, a point and 2 digits
/// (`ByteParsing.hasCents`): the value in the high bytes of `w`, the bytes below it cleared by
/// `inValue` (all ones from the value's first byte up).
static inline AVX2 unsigned clear_amounts(__m256i w, __m256i inValue) {
    // Cleared low bytes, as the Swift test's shifts leave them: a byte there could carry into
    // the value's when the sixes are added.
    const __m256i t = _mm256_xor_si256(_mm256_and_si256(w, inValue), set1(0x30302E3030303030ull));  // XOR "00000.00"
    const __m256i errors = _mm256_and_si256(shape_errors(t, 0xF0F0FFF0F0F0F0F0ull, 0x0606000606060606ull), inValue);
    return lanes(_mm256_cmpeq_epi64(errors, _mm256_setzero_si256()));
}

static const uint8_t unclear_amount[8] = {'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'};
static const uint8_t clear_amount[8] = {'0', '0', '0', '0', '0', '.', '0', '0'};

/// Row k's amount word, the 8 bytes that end where its value ends, with in `inValue` the mask of
/// the value's bytes: when it is unquoted, 4 to 8 bytes long and 8 bytes from the buffer's start
/// (the bytes before the value are the record's or an earlier one's); a stand-in that fails
/// otherwise.
static inline uint64_t amount_word(const uint8_t *buffer, const enlint_field_span *span, uint64_t *inValue) {
    const uint32_t length = (uint32_t)(span->end - span->start);
    const int usual = (length - 4 < 5) & (span->flags == 0) & (span->end >= 8);
    *inValue = usual ? ~0ull << (64 - 8 * length) : ~0ull;
    return load64(usual ? buffer + span->end - 8 : unclear_amount);
}

AVX2 size_t enlint_first_unclear_amount(const uint8_t *buffer, const enlint_field_span *spans, size_t stride, size_t count) {
    size_t i = 0;
    uint64_t words[4], masks[4];
    for (; i + 4 <= count; i += 4) {
        const enlint_field_span *span = spans + i * stride;
        for (size_t k = 0; k < 4; k++) words[k] = amount_word(buffer, span + k * stride, &masks[k]);
        const unsigned ok = clear_amounts(_mm256_loadu_si256((const __m256i *)words), _mm256_loadu_si256((const __m256i *)masks));
        if (ok != 0xF) return i + (size_t)__builtin_ctz(~ok);
    }
    if (i == count) return count;
    for (size_t k = 0; k < 4; k++) {
        masks[k] = ~0ull;
        words[k] = i + k < count ? amount_word(buffer, spans + (i + k) * stride, &masks[k]) : load64(clear_amount);
    }
    const unsigned ok = clear_amounts(_mm256_loadu_si256((const __m256i *)words), _mm256_loadu_si256((const __m256i *)masks));
    return ok == 0xF ? count : i + (size_t)__builtin_ctz(~ok);
}

// MARK: - Repeated values

/// Whether row `span`'s value, quoted or not, is the `length` bytes of `value` (the exact test,
/// as `RecordBatch.allValues` bounds a value: between the quotes, up to the end when the quote
/// never closed); for rows the fast test of eight does not clear.
static inline AVX2 int holds_value(const uint8_t *buffer, const enlint_field_span *span, __m128i value, int length) {
    const int quoted = span->flags & ENLINT_FIELD_QUOTED;
    if (span->flags & ENLINT_FIELD_NEEDS_UNESCAPE) return 0;
    const int32_t start = span->start + quoted;
    const int32_t end = quoted && !(span->flags & ENLINT_FIELD_UNCLOSED) ? span->end - 1 : span->end;
    if ((end > start ? end - start : 0) != length) return 0;  // an empty value when the quote is all there is
    const unsigned differs = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(buffer + start)), value));
    return ((~differs) & ((1u << length) - 1)) == 0;
}

AVX2 size_t enlint_first_unrepeated(const uint8_t *buffer, const enlint_field_span *spans, size_t stride, size_t count,
                                    const uint8_t *value, size_t length) {
    const __m128i v = _mm_loadu_si128((const __m128i *)value);
    // The bytes past the value's length are not compared: zero in `inValue`.
    static const uint8_t ones[32] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    const __m128i inValue = _mm_loadu_si128((const __m128i *)(ones + 16 - length));
    size_t i = 0;
    _Static_assert(offsetof(enlint_field_span, flags) == offsetof(enlint_field_span, end) + 4 && sizeof(enlint_field_span) == 12,
                   "end, then flags, then padding");
    // The usual row is written as the first one is: unquoted (flags 0), or quoted with nothing
    // to decode (flags ENLINT_FIELD_QUOTED), the value between the quotes.
    const int quoted = count > 0 && spans[0].flags == ENLINT_FIELD_QUOTED;
    const uint8_t *const values = buffer + quoted;
    // The usual end less the start in the low 4 bytes, the usual flags in the fifth: a start is
    // below 2^31 and the length at most 18, so adding the start carries nothing into the flags.
    const uint64_t usualEndAndFlags = (uint64_t)(length + 2 * (size_t)quoted) | (uint64_t)quoted << 32;
    for (; i + 8 <= count; i += 8) {
        // The usual row: its bytes XOR the value's gathered into `differs`, and any other raw
        // length or flags into `odd`; one test per 8 rows.
        const enlint_field_span *span = spans + i * stride;
        uint64_t odd = 0;
        __m128i differs = _mm_setzero_si128();
        for (size_t k = 0; k < 8; k++, span += stride) {
            // The 8 bytes from `end`: the end, the flags and 3 bytes of padding (shifted out).
            // Less the usual end and flags, zero in the low 5 bytes exactly when both are usual.
            const int64_t start = span->start;
            uint64_t endAndFlags;
            memcpy(&endAndFlags, (const uint8_t *)span + offsetof(enlint_field_span, end), 8);
            odd |= (endAndFlags - ((uint64_t)start + usualEndAndFlags)) << 24;
            differs = _mm_or_si128(differs, _mm_xor_si128(_mm_loadu_si128((const __m128i *)(values + start)), v));
        }
        if ((odd | (uint64_t)!_mm_testz_si128(differs, inValue)) == 0) continue;
        for (size_t k = 0; k < 8; k++)
            if (!holds_value(buffer, spans + (i + k) * stride, v, (int)length)) return i + k;
    }
    for (; i < count; i++)
        if (!holds_value(buffer, spans + i * stride, v, (int)length)) return i;
    return count;
}

#else
int enlint_value_screens_available(void) { return 0; }
size_t enlint_first_unrepeated(const uint8_t *buffer, const enlint_field_span *spans, size_t stride, size_t count,
                               const uint8_t *value, size_t length) { return 0; }
size_t enlint_first_unclear_date(const uint8_t *buffer, const enlint_field_span *spans, size_t stride, size_t count) { return 0; }
size_t enlint_first_unclear_time(const uint8_t *buffer, const enlint_field_span *spans, size_t stride, size_t count) { return 0; }
size_t enlint_first_unclear_amount(const uint8_t *buffer, const enlint_field_span *spans, size_t stride, size_t count) { return 0; }
#endif
