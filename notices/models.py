"""Models for this part of the agreement."""
