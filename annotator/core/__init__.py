"""Pure-Python core: text decoding, offsets, the annotation schema. No Qt, no SQL."""
