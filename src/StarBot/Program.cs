return StarBot.Cli.CliApp.Run(args, Console.In, Console.Out, Console.Error);
