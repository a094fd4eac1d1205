import QuorumKit

QuorumMain.main()
