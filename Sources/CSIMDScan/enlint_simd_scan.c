// Only the header: the classifier is static inline.
