"""The standalone draw verifier offered for download on the public portal (standard library only)."""
