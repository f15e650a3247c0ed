// The chaos runner's entry point; see docs/chaos.md.
return 0;
