"""What the input adds up to for KSAU and the public: the summary, its packet and the
exports."""
