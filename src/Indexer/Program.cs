using Indexer.Cli;
using Indexer.Hosting;

// Without a command the program runs the service (Hosting/IndexerApp); `Indexer --help` lists the commands (Cli/).
return await IndexerCommandLine.InvokeAsync(args, ServiceRun.RunAsync);
