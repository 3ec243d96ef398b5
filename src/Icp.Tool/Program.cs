return Icp.Tool.CandidTool.Run(args, Console.In, Console.Out, Console.Error);
