#ifndef ENLINT_PLAIN_RECORDS_H
#define ENLINT_PLAIN_RECORDS_H

// The tokenizer's common case in one C loop: records of plain fields found from 64-byte
// bitmasks (see CSVTokenizer.scanPlainRecords). In C so that the AVX2 build of the loop can
// inline its classifier and use BMI1 (tzcnt, blsr, andn), and so that its registers hold the
// few values the loop needs: the Swift loop spent most of its instructions moving values
// between registers and the stack.

#include <stddef.h>
#include <stdint.h>

#include "enlint_field_span.h"
#include "enlint_simd_scan.h"

/// The layout of the tokenizer's `RecordEntry` (the Swift side checks it when it starts).
typedef struct enlint_record_entry {
    int32_t start;
    int32_t end;
    int32_t firstField;
    int32_t storedFields;
    int64_t line;
    int32_t firstLineStart;
    int32_t firstEvent;
    int32_t firstGap;
    /// `LineTerminator?`: 0 LF, 1 CRLF.
    uint8_t terminator;
    uint8_t isPlainASCII;
    uint8_t hasUnstoredFields;
} enlint_record_entry;

typedef struct enlint_plain_scan {
    // In.
    const uint8_t *buffer;
    /// Bytes `0..<end` of `buffer` hold data; 64 more are readable.
    ptrdiff_t end;
    uint8_t delimiter;
    ptrdiff_t maxFieldBytes;
    ptrdiff_t maxFields;
    /// `enlint_field_span`s, with room for `fieldRoom` (a record is taken only with 66 to
    /// spare); a record starts only while fewer than `fieldLimit` are used.
    void *fields;
    ptrdiff_t fieldRoom;
    ptrdiff_t fieldLimit;
    /// `enlint_record_entry`s, with room for `entryRoom`.
    void *entries;
    ptrdiff_t entryRoom;
    /// Line starts inside quotes: positions, with room for `lineStartRoom`.
    int32_t *lineStarts;
    ptrdiff_t lineStartRoom;
    /// What the first record's entry takes: its first field's index, its line, its first line
    /// start's index; and every entry's (empty) ranges of events and gaps.
    int32_t firstField;
    int64_t line;
    int32_t firstLineStart;
    int32_t firstEvent;
    int32_t firstGap;
    // In and out: the start of the next record.
    ptrdiff_t pos;
    // Out.
    ptrdiff_t fieldsUsed;
    ptrdiff_t entriesUsed;
    ptrdiff_t lineStartsUsed;
    ptrdiff_t crlfCount;
    /// The taken records' stored field counts OR-ed and AND-ed together (equal exactly when
    /// every count is the same), and whether every one is plain ASCII: the batch facts the
    /// tokenizer keeps as it files entries, so that nobody walks them again. 0, -1 and 1 when
    /// none was taken.
    int32_t storedFieldsOr;
    int32_t storedFieldsAnd;
    int32_t allPlainASCII;
} enlint_plain_scan;

/// Takes records from `scan->pos` on and writes their entries and fields: records of fields
/// that are unquoted without quotes, or quoted with only `""` and line breaks inside and
/// nothing after the closing quote, ended by LF or CRLF, with at most `maxFields` fields each
/// no larger than `maxFieldBytes`. Stops at the first record that is anything else (or not
/// complete in the data), or when the room runs out; `pos` is then that record's start. A line
/// break inside quotes starts a line as the tokenizer counts them: a CRLF is one break, and its
/// line starts after the LF.
void enlint_scan_plain_records(enlint_plain_scan *scan);

/// The builds `enlint_scan_plain_records` chooses from, for the tests to compare.
void enlint_scan_plain_records_baseline(enlint_plain_scan *scan);
#if ENLINT_AVX2_DISPATCH
/// AVX2 and BMI1. Call only when `enlint_has_avx2_bmi()`.
void enlint_scan_plain_records_avx2(enlint_plain_scan *scan);
/// Whether the CPU (and the OS) support AVX2 and BMI1.
int enlint_has_avx2_bmi(void);
#endif

#endif
