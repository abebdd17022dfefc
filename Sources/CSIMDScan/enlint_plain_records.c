// The plain-record loop of enlint_plain_records.h, built twice: for AVX2 with BMI1 where the
// CPU has them, and for the baseline (SSE2 on x86-64, scalar elsewhere).
#include "enlint_plain_records.h"

#include <stddef.h>
#include <string.h>

#if ENLINT_AVX2_DISPATCH
#include "enlint_classify_avx2.h"
#endif

// The loop writes an entry's last three bytes and the padding after them in one 4-byte store.
_Static_assert(offsetof(enlint_record_entry, hasUnstoredFields) == offsetof(enlint_record_entry, terminator) + 2
    && offsetof(enlint_record_entry, terminator) + 4 <= sizeof(enlint_record_entry), "entry tail layout");
_Static_assert(offsetof(enlint_record_entry, firstGap) == offsetof(enlint_record_entry, firstEvent) + 4, "event and gap layout");

#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define ALWAYS_INLINE __attribute__((always_inline)) static inline

/// One 64-byte block's masks: delimiters, others (quote, CR, LF), not plain ASCII (NUL, >= 0x80);
/// and whether that last mask has a bit set, which AVX2 tells in fewer instructions than the
/// mask itself: the loop needs the mask only in the rare block with such a byte.
typedef struct block_masks {
    uint64_t delimiters, others, nonPlain;
    int anyNonPlain;
} block_masks;

typedef block_masks (*classifier)(const uint8_t *p, uint8_t delimiter);

ALWAYS_INLINE block_masks classify_baseline(const uint8_t *p, uint8_t delimiter) {
    block_masks m;
    enlint_classify64_plain_sse2(p, delimiter, &m.delimiters, &m.others, &m.nonPlain);
    m.anyNonPlain = m.nonPlain != 0;
    return m;
}

#if ENLINT_AVX2_DISPATCH
__attribute__((target("avx2"))) ALWAYS_INLINE block_masks classify_avx2(const uint8_t *p, uint8_t delimiter) {
    block_masks m;
    enlint_classify64_plain_avx2_inline(p, delimiter, &m.delimiters, &m.others, &m.nonPlain);
    // Signed: the smaller of two bytes is below 1 when either is NUL or >= 0x80 (negative).
    __m256i least = _mm256_min_epi8(_mm256_loadu_si256((const __m256i *)p), _mm256_loadu_si256((const __m256i *)(p + 32)));
    __m256i below = _mm256_cmpgt_epi8(_mm256_set1_epi8(1), least);
    m.anyNonPlain = !_mm256_testz_si256(below, below);
    return m;
}
#endif

/// The scanner's cursor: the masks of the block at `base`, the bits consumed so far cleared
/// (not its bytes that are not plain ASCII: rare, they are found again when a record has one).
typedef struct cursor {
    const uint8_t *buffer;
    ptrdiff_t end;
    ptrdiff_t base;
    uint64_t delimiters, others;
    /// The first byte that is not plain ASCII at or after the record in progress's start, in
    /// the blocks entered so far; PTRDIFF_MAX when none. A record is plain when this lies past
    /// it: one comparison a record.
    ptrdiff_t nextNonPlain;
} cursor;

/// The bits of the block at `start` that stand for data (the slack after the data may hold
/// anything, NUL bytes included).
ALWAYS_INLINE uint64_t data_bits(const cursor *c, ptrdiff_t start) {
    ptrdiff_t valid = c->end - start;
    return valid <= 0 ? 0 : valid >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << valid) - 1;
}

/// Makes the block at `start` the current one; `full` when all its 64 bytes are data (else
/// `start` may be `end`: the slack after the data is readable, and its bits are cleared).
ALWAYS_INLINE void enter_block(cursor *c, ptrdiff_t start, int full, uint8_t delimiter, classifier classify) {
    block_masks m = classify(c->buffer + start, delimiter);
    uint64_t keep = full ? ~(uint64_t)0 : data_bits(c, start);
    c->base = start;
    c->delimiters = m.delimiters & keep;
    c->others = m.others & keep;
    // Rare: and the record's earlier one, if any, comes first.
    if (UNLIKELY(m.anyNonPlain)) {
        uint64_t nonPlain = m.nonPlain & keep;
        if (nonPlain != 0 && c->nextNonPlain == PTRDIFF_MAX) c->nextNonPlain = start + __builtin_ctzll(nonPlain);
    }
}

ALWAYS_INLINE void enter(cursor *c, ptrdiff_t start, uint8_t delimiter, classifier classify) {
    enter_block(c, start, c->end - start >= 64, delimiter, classify);
}

/// On to the next block; 0 at the end of the data.
ALWAYS_INLINE int advance(cursor *c, uint8_t delimiter, classifier classify) {
    ptrdiff_t start = c->base + 64;
    // One comparison for the common case, a block of data only.
    if (start <= c->end - 64) {
        enter_block(c, start, 1, delimiter, classify);
        return 1;
    }
    if (start >= c->end) return 0;
    enter_block(c, start, 0, delimiter, classify);
    return 1;
}

/// Consumes the bits before `target` (at most `end`), entering blocks on the way.
ALWAYS_INLINE void seek(cursor *c, ptrdiff_t target, uint8_t delimiter, classifier classify) {
    while (target - c->base >= 64) enter(c, c->base + 64, delimiter, classify);
    uint64_t keep = ~(uint64_t)0 << (target - c->base);
    c->delimiters &= keep;
    c->others &= keep;
}

/// Whether the record ending at `stop` (in this block, or the one before when a seek past the
/// terminator entered this one) is plain ASCII. The next record starts after `stop`.
ALWAYS_INLINE int record_ends(cursor *c, ptrdiff_t stop, uint8_t delimiter, classifier classify) {
    if (!UNLIKELY(stop >= c->nextNonPlain)) return 1;
    // The first non-plain byte after `stop`, in this block (later ones are not entered yet).
    uint64_t after = classify(c->buffer + c->base, delimiter).nonPlain & data_bits(c, c->base);
    if (stop >= c->base) after &= ~(((uint64_t)2 << (stop - c->base)) - 1);
    c->nextNonPlain = after == 0 ? PTRDIFF_MAX : c->base + __builtin_ctzll(after);
    return 0;
}

/// Writes a field's end and flags in one store (the struct's padding after `flags` included):
/// its start was written when the field before ended. `end` lies in 0...INT32_MAX (the scan
/// takes no data past it), so its 64 bits are the end and zero flags as they are.
ALWAYS_INLINE void end_field(enlint_field_span *f, ptrdiff_t end, uint8_t flags) {
    uint64_t v = (uint64_t)end | (uint64_t)flags << 32;
    memcpy(&f->end, &v, sizeof v);
}

/// The line counts of the records taken so far (line breaks inside quotes add to them), and
/// where a line break inside quotes that is an LF after CR would lie.
typedef struct line_counts {
    int64_t line;
    int32_t lineStartIndex;
    ptrdiff_t afterCR;
} line_counts;

/// Counts the line break `x` (CR or LF) at `k`, inside quotes: one more line, and line start,
/// for the records after this one (a record not taken leaves these counts unused); an LF right
/// after a CR only moves the CR's line start past it. 0 when there is no room for the line
/// start. Not inlined (and `cold`): the field loop then keeps these counts in memory, not in
/// registers it needs for the plain fields, and line breaks inside quotes are rare.
__attribute__((noinline, cold)) static int line_break_in_quotes(const enlint_plain_scan *s, line_counts *lines,
                                                               ptrdiff_t k, uint8_t x) {
    ptrdiff_t used = lines->lineStartIndex - s->firstLineStart;
    if (x == '\n' && k == lines->afterCR) {
        s->lineStarts[used - 1] = (int32_t)(k + 1);
    } else {
        if (used == s->lineStartRoom) return 0;
        s->lineStarts[used] = (int32_t)(k + 1);
        lines->line++;
        lines->lineStartIndex++;
    }
    if (x == '\r') lines->afterCR = k + 1;
    return 1;
}

ALWAYS_INLINE void scan_records(enlint_plain_scan *s, classifier classify) {
    const uint8_t *buf = s->buffer;
    const ptrdiff_t end = s->end;
    const uint8_t delim = s->delimiter;
    const ptrdiff_t maxFieldBytes = s->maxFieldBytes;
    const ptrdiff_t maxFields = s->maxFields;
    enlint_field_span *const fields = (enlint_field_span *)s->fields;
    // A round of the field loop writes at most 66 spans (a block's delimiters, one more field,
    // and the start of the next): it starts only with room for them.
    enlint_field_span *const roundLimit = fields + (s->fieldRoom - 66);
    // A record starts while fewer than `fieldLimit` spans are used, and with room for its first
    // round: one comparison for both (a record without that room was not taken either way, and
    // its first round needs no check of its own).
    enlint_field_span *const recordLimit =
        fields + (s->fieldLimit - 1 < s->fieldRoom - 66 ? s->fieldLimit - 1 : s->fieldRoom - 66);
    enlint_record_entry *const entries = (enlint_record_entry *)s->entries;
    enlint_record_entry *e = entries;
    enlint_record_entry *const entriesEnd = entries + s->entryRoom;
    int32_t fieldIndex = s->firstField;
    // In memory (line_break_in_quotes takes its address): changed only by line breaks inside
    // quotes, and once a record.
    line_counts lines = {s->line, s->firstLineStart, -1};
    ptrdiff_t crlfCount = 0;
    // The batch facts of the records taken (see `storedFieldsOr`), in memory: three bitwise
    // operations a record, and no register the field loop needs.
    s->storedFieldsOr = 0;
    s->storedFieldsAnd = -1;
    s->allPlainASCII = 0x100;
    // What the records taken so far use: a record not taken leaves no trace.
    enlint_field_span *out = fields;
    // The entries' (empty) event and gap ranges, in one store.
    const uint64_t eventsAndGaps = (uint64_t)(uint32_t)s->firstEvent | (uint64_t)(uint32_t)s->firstGap << 32;
    // Positions past INT32_MAX do not fit the spans (and end_field relies on it). `pos` stays.
    if (s->fieldRoom < 66 || s->fieldLimit <= 0 || s->pos >= end || end > INT32_MAX) goto outputs;
    // The start of the record in progress is its first span's: in memory, not in a register
    // the field loop needs.
    out->start = (int32_t)s->pos;

    cursor c = {buf, end, 0, 0, 0, PTRDIFF_MAX};
    enter(&c, s->pos, delim, classify);
    while (e < entriesEnd && out <= recordLimit) {
        // What the entry takes from the record's start, written now (the entry counts only once
        // `e` moves past it) so that the field loop need not keep these values in registers.
        e->start = out->start;
        e->firstField = fieldIndex;
        e->line = lines.line;
        e->firstLineStart = lines.lineStartIndex;
        memcpy(&e->firstEvent, &eventsAndGaps, sizeof eventsAndGaps);
        enlint_field_span *f = out;
        ptrdiff_t stop;
        uint8_t b;
        for (;;) {
            // The delimiters before the block's first other byte (all if it has none) end fields.
            uint64_t others = c.others;
            uint64_t ends = c.delimiters & ((others & (0 - others)) - 1);
            c.delimiters ^= ends;
            while (ends != 0) {
                ptrdiff_t p = c.base + __builtin_ctzll(ends);
                end_field(f, p, 0);
                f[1].start = (int32_t)(p + 1);
                f++;
                ends &= ends - 1;
            }
            if (others == 0) {
                if (!advance(&c, delim, classify)) goto reject;
                if (UNLIKELY(f > roundLimit)) goto reject;
                continue;
            }
            stop = c.base + __builtin_ctzll(others);
            c.others = others & (others - 1);
            b = buf[stop];
            if (b != '"') {
                // LF or CR (the delimiters before it ended the other fields): the last field.
                end_field(f, stop, 0);
                f++;
                break;
            }
            // A quote opens a quoted field only as the field's first byte.
            if (stop != f->start) goto reject;
            uint8_t flags = ENLINT_FIELD_QUOTED;
            for (;;) {
                while (c.others == 0) {
                    if (!advance(&c, delim, classify)) goto reject;
                }
                ptrdiff_t k = c.base + __builtin_ctzll(c.others);
                c.others &= c.others - 1;
                uint8_t x = buf[k];
                if (x == '"') {
                    // The next byte tells `""` from the closing quote.
                    if (k + 1 >= end) goto reject;
                    if (buf[k + 1] != '"') {
                        stop = k + 1;
                        break;
                    }
                    flags |= ENLINT_FIELD_NEEDS_UNESCAPE;
                    seek(&c, k + 2, delim, classify);
                    continue;
                }
                if (!line_break_in_quotes(s, &lines, k, x)) goto reject;
            }
            b = buf[stop];
            // Text after the closing quote is for the state machine.
            if (b != delim && b != '\n' && b != '\r') goto reject;
            // Past the delimiters inside the quotes and the byte after them.
            seek(&c, stop + 1, delim, classify);
            end_field(f, stop, flags);
            f++;
            if (b != delim) break;
            f->start = (int32_t)(stop + 1);
            if (UNLIKELY(f > roundLimit)) goto reject;
        }
        // Every field lies inside the record: one within the field bound needs no check per field.
        if (UNLIKELY(stop - out->start > maxFieldBytes)) {
            for (enlint_field_span *g = out; g < f; g++) {
                if (g->end - g->start > maxFieldBytes) goto reject;
            }
        }
        ptrdiff_t stored = f - out;
        if (UNLIKELY(stored > maxFields)) goto reject;
        e->end = (int32_t)stop;
        e->storedFields = (int32_t)stored;
        // terminator (0 LF), isPlainASCII and hasUnstoredFields (0), and the padding after them.
        uint32_t tail = (uint32_t)record_ends(&c, stop, delim, classify) << 8;
        // The next record's start.
        ptrdiff_t after = stop + 1;
        if (b == '\r') {
            // CR must be followed by LF (a lone CR, or one whose LF has not arrived yet, is the
            // state machine's).
            if (stop + 1 >= end || buf[stop + 1] != '\n') goto reject;
            tail |= 1;
            crlfCount++;
            after = stop + 2;
            seek(&c, after, delim, classify);
        }
        memcpy(&e->terminator, &tail, sizeof tail);
        s->storedFieldsOr |= (int32_t)stored;
        s->storedFieldsAnd &= (int32_t)stored;
        s->allPlainASCII &= (int32_t)tail;
        e++;
        fieldIndex += (int32_t)stored;
        // The record's line (its line breaks inside quotes were counted as they came).
        lines.line++;
        out = f;
        out->start = (int32_t)after;
    }
    goto done;
reject:
    // The line starts of a record not taken are not used (its entry has its first one's index).
    lines.lineStartIndex = e->firstLineStart;
done:
    s->pos = out->start;
outputs:
    s->fieldsUsed = out - fields;
    s->entriesUsed = e - entries;
    s->lineStartsUsed = lines.lineStartIndex - s->firstLineStart;
    s->crlfCount = crlfCount;
    // Bit 8 of a record's tail is its isPlainASCII.
    s->allPlainASCII >>= 8;
}

void enlint_scan_plain_records_baseline(enlint_plain_scan *s) { scan_records(s, classify_baseline); }

#if ENLINT_AVX2_DISPATCH
__attribute__((target("avx2,bmi"))) void enlint_scan_plain_records_avx2(enlint_plain_scan *s) {
    scan_records(s, classify_avx2);
}

int enlint_has_avx2_bmi(void) {
    const int avx2_bmi = ENLINT_CPU_AVX2 | ENLINT_CPU_BMI1;
    return (enlint_cpu_features() & avx2_bmi) == avx2_bmi;
}
#endif

void enlint_scan_plain_records(enlint_plain_scan *s) {
#if ENLINT_AVX2_DISPATCH
    if (enlint_has_avx2_bmi()) {
        enlint_scan_plain_records_avx2(s);
        return;
    }
#endif
    enlint_scan_plain_records_baseline(s);
}
