#ifndef ENLINT_VALUE_SCREEN_H
#define ENLINT_VALUE_SCREEN_H

// Batch screens for the transaction value columns (EN402 date, EN403 time, EN407 amount): the
// usual value's test on four rows at a time, in AVX2 lanes, instead of a word test per row.
// They live in enlint_value_screen.c. Each says only which rows it clears: the caller tests
// every other row with its exact test, so a screen may leave a valid value uncleared (a quoted
// one, 29 February) but must never clear one the exact test rejects.
//
// The rows: row k's field is spans[k * stride] (the tokenizer's FieldSpan, stride counted in
// spans: a record's width); its bytes are buffer[start..<end]. A screen reads only the bytes of
// a value it tests (none of a value of another length).

#include <stddef.h>
#include <stdint.h>

#include "enlint_field_span.h"

/// Whether the screens below may be called: the processor has AVX2 (checked once).
int enlint_value_screens_available(void);

/// The index of the first row (from 0) that is not an unquoted `YYYY-MM-DD` of a day that
/// exists, 29 February aside; count when every row is. Call only when available.
size_t enlint_first_unclear_date(const uint8_t *buffer, const enlint_field_span *spans, size_t stride, size_t count);

/// The same for `hh:mm:ss` within a day (exactly the values the time column's word test passes).
size_t enlint_first_unclear_time(const uint8_t *buffer, const enlint_field_span *spans, size_t stride, size_t count);

/// The same for the usual amount, 1 to 5 digits, a point and 2 digits (`12.50`): exactly the
/// unquoted values the amount column's word test for it passes.
size_t enlint_first_unclear_amount(const uint8_t *buffer, const enlint_field_span *spans, size_t stride, size_t count);

/// The index of the first row (from 0) whose value is not the `length` bytes at `value`
/// (`length` at most 16, `value` readable for 16 bytes), quoted or not; count when every row's
/// is. A value that needs decoding (ENLINT_FIELD_NEEDS_UNESCAPE) is never cleared. For the
/// repeated-value screens (a batch whose rows all carry one campaign ID, currency or type).
/// Reads up to 16 bytes from the start of each value, so up to 16 past the data's end (the
/// tokenizer keeps 64 there). Call only when available.
size_t enlint_first_unrepeated(const uint8_t *buffer, const enlint_field_span *spans, size_t stride, size_t count,
                               const uint8_t *value, size_t length);

#endif
